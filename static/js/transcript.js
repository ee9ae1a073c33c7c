// Keeps a draft transcript's progress up to date on the story page and shows the draft when it is ready.
// Only an enhancement: without JavaScript, the page has a link to check again.
(function () {
  'use strict';
  if (!window.fetch) return;
  document.querySelectorAll('[data-transcript-status]').forEach(function (box) {
    const words = box.querySelector('.transcript-progress');
    let checks = 0;
    const timer = setInterval(function () {
      if (++checks > 1800) return clearInterval(timer); // an hour at most
      fetch(box.getAttribute('data-transcript-status'), {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (job) {
          if (!job) return;
          if (job.finished) {
            clearInterval(timer);
            window.location.reload();
          } else if (words && job.message && words.textContent !== job.message) words.textContent = job.message;
        })
        .catch(function () {});
    }, 2000);
  });
})();
