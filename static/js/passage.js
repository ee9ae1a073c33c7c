// Tagging a passage: selecting words in the answer fills in "the words to tag". Only an enhancement: without
// JavaScript, typing or pasting the words does the same.
(function () {
  'use strict';
  var source = document.getElementById('passage-source');
  var box = document.getElementById('field-words');
  var note = document.getElementById('passage-select-note');
  if (!source || !box || !window.getSelection) return;
  if (note) note.hidden = false;

  function take() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    if (!source.contains(selection.getRangeAt(0).commonAncestorContainer)) return;
    var words = selection.toString().trim();
    if (words) box.value = words;
  }

  document.addEventListener('selectionchange', take);
})();
