// Copy buttons beside links people hand on (invitations, receipts, share links). Only an enhancement: without
// JavaScript the button stays hidden and the link can be selected in its box.
(function () {
  'use strict';
  if (!navigator.clipboard) return;
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    const box = document.getElementById(button.getAttribute('data-copy'));
    const status = button.parentElement.querySelector('[role="status"]');
    if (!box) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(box.value).then(
        function () {
          if (status) status.textContent = button.getAttribute('data-copied');
        },
        function () {
          box.select(); // the browser refused: select it, so a long press or Ctrl+C copies it
        },
      );
    });
  });
})();
