// Keeps a theme run's progress bar up to date and opens the results when the run ends.
// Only an enhancement: without JavaScript, the page has a link to check again.
(function () {
  'use strict';
  const box = document.querySelector('[data-progress-url]');
  if (!box || !window.fetch) return;
  const bar = box.querySelector('progress');
  const step = box.querySelector('.run-step');
  let checks = 0;
  const timer = setInterval(function () {
    if (++checks > 3600) return clearInterval(timer); // an hour at most
    fetch(box.getAttribute('data-progress-url'), {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (run) {
        if (!run) return;
        if (bar) {
          bar.value = Math.round(run.progress * 100);
          bar.textContent = bar.value + '%';
        }
        if (step) step.textContent = run.step;
        if (run.status === 'done' || run.status === 'failed') {
          clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () {});
  }, 1000);
})();
