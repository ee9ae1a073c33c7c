// Commenting on a passage: selecting words in the story fills in the passage box. Only an enhancement: without
// JavaScript, typing or pasting the words does the same.
(function () {
  'use strict';
  var box = document.getElementById('field-passage');
  var answers = document.querySelectorAll('[data-answer]');
  if (!box || answers.length === 0 || !window.getSelection) return;

  function inside(node) {
    for (var i = 0; i < answers.length; i++) if (answers[i].contains(node)) return true;
    return false;
  }

  document.addEventListener('selectionchange', function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    if (!inside(selection.getRangeAt(0).commonAncestorContainer)) return;
    var words = selection.toString().trim();
    if (words) box.value = words;
  });
})();
