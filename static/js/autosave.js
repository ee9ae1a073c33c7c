// Autosave for interview forms: every few seconds, when something has changed, the form is saved as a draft.
// Only an enhancement: without JavaScript, "Save draft" does the same.
(function () {
  'use strict';
  const form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  const status = form.querySelector('.autosave-status');
  let busy = false;
  let last = snapshot();

  function snapshot() {
    const data = new URLSearchParams(new FormData(form));
    data.set('intent', 'draft');
    return data.toString();
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    const body = snapshot();
    if (busy || body === last) return;
    busy = true;
    fetch(form.getAttribute('data-autosave'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body,
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            if (res.ok && data.saved) {
              last = body;
              // The first save of a new interview makes a draft: from now on, save and send to that draft.
              if (data.action) {
                form.setAttribute('action', data.action);
                form.setAttribute('data-autosave', data.autosave);
              }
              say(form.getAttribute('data-saved-text') + ' ' + new Date().toLocaleTimeString());
            } else {
              say(data.message || form.getAttribute('data-failed-text'));
            }
          });
      })
      .catch(function () {
        say(form.getAttribute('data-failed-text'));
      })
      .then(function () {
        busy = false;
      });
  }

  setInterval(save, 5000);
})();
