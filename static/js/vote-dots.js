// Dot voting: says how many dots are left as they are typed, in the sentence under the list (a polite status, so a
// screen reader hears it too). Only an enhancement: without JavaScript the page counts them once the vote is sent.
(function () {
  'use strict';
  var left = document.getElementById('dots-left');
  var form = left && left.closest('form');
  if (!form) return;
  var dots = Number(left.getAttribute('data-dots'));
  var inputs = form.querySelectorAll('input[type="number"]');

  function count() {
    var given = 0;
    for (var i = 0; i < inputs.length; i++) {
      var value = inputs[i].value.trim();
      if (/^[0-9]{1,4}$/.test(value)) given += Number(value);
    }
    var over = given > dots;
    var text = over
      ? left.getAttribute('data-over').replace('{n}', String(given))
      : left.getAttribute('data-left').replace('{n}', String(dots - given));
    if (left.textContent !== text) left.textContent = text;
    left.classList.toggle('field-error', over);
  }

  form.addEventListener('input', count);
})();
