// Live tallies for the facilitator: polls the same numbers as JSON and updates the table in place. Only an
// enhancement: without JavaScript, the page's Refresh link shows the latest numbers. Only the sentence of how many
// have voted is a live region (tallies.hbs), so a screen reader hears "7 of 12 have voted", not a lone cell's "3".
(function () {
  'use strict';
  var box = document.getElementById('tallies');
  if (!box || !window.fetch) return;
  var source = box.getAttribute('data-source');
  var busy = false;

  function put(name, value) {
    var cell = box.querySelector('[data-tally="' + name + '"]');
    if (cell && cell.textContent !== String(value)) cell.textContent = String(value);
  }

  function update(data) {
    put('voted', data.voted);
    put('joined', data.joined);
    data.stories.forEach(function (s) {
      put('live-' + s.id, s.live);
      put('paper-' + s.id, s.paper);
      put('total-' + s.id, s.total);
    });
  }

  function poll() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(source, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) update(data);
      })
      .catch(function () {})
      .then(function () {
        busy = false;
      });
  }

  setInterval(poll, 3000);
})();
