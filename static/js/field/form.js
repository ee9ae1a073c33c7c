// The interview form in the field: recording keeps the interview on the device (with an id made here, and each
// question as it was asked) and goes back to the field page, which sends it when it can. A refused interview is
// opened here again (?device=<id>) with Hearth's messages beside its fields, to be corrected and kept again.
// Only an enhancement: without it (or in a browser that cannot keep Hearth offline) this is the ordinary form.
import { askedAbout, askedQuestions, carriedValues, fill, formValues, nearlyFull, newDeviceId } from './logic.js';
import { element, fieldSupported } from './page.js';
import { getInterview, keepInterview } from './store.js';

const form = document.querySelector('form[data-field-form]');
if (form && fieldSupported()) start(form, JSON.parse(form.getAttribute('data-field-form')));

async function start(form, field) {
  const texts = field.texts;
  document.querySelector('.field-script-note').hidden = true;
  const status = document.querySelector('.field-form-status');
  const say = (text) => (status.textContent = text);

  const left = nearlyFull(await navigator.storage?.estimate?.().catch(() => undefined));
  if (left !== undefined) {
    const warning = document.querySelector('.field-storage');
    warning.textContent = fill(texts.nearlyFull, { mb: left });
    warning.hidden = false;
  }

  const deviceId = new URLSearchParams(location.search).get('device');
  const before = deviceId ? await getInterview(deviceId).catch(() => undefined) : undefined;
  if (before) {
    fillForm(form, before.values);
    showErrors(form, texts, before.message, before.errors ?? {});
    say(texts.correcting);
  }

  let keeping = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (keeping) return;
    keeping = true;
    const values = { ...carriedValues(field, before), ...formValues(new FormData(form).entries()) };
    const now = new Date().toISOString();
    const interview = {
      deviceId: before?.deviceId ?? newDeviceId(),
      allianceId: field.allianceId,
      inquiryId: field.inquiryId,
      inquiryTitle: field.title,
      send: field.send,
      userId: before?.userId ?? field.userId,
      userName: before?.userName ?? field.userName,
      values,
      asked: askedQuestions(
        field,
        values.domainId,
        before && { domainId: before.values.domainId, asked: before.asked },
      ),
      about: askedAbout(field, before?.about),
      // Recordings and photos (device ids of their blobs in the "files" store) stay with the interview.
      files: before?.files ?? [],
      recordedAt: before?.recordedAt ?? now,
      updatedAt: now,
      state: 'waiting',
    };
    try {
      await keepInterview(interview);
    } catch (error) {
      keeping = false;
      const message = error?.name === 'QuotaExceededError' ? texts.full : (error?.message ?? '');
      say(fill(texts.notKept, { message }));
      return;
    }
    location.assign(`${field.home}#kept`);
  });
}

/** Puts an interview's fields back on the form. */
function fillForm(form, values) {
  for (const el of form.elements) {
    if (!el.name || el.name === '_csrf' || el.type === 'submit') continue;
    const given = Object.hasOwn(values, el.name) ? [].concat(values[el.name]) : [];
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = given.includes(el.value);
    else el.value = given[0] ?? '';
  }
}

/** Hearth's messages beside each field and in a summary at the top, as the server's own forms show them. */
function showErrors(form, texts, message, errors) {
  const summary = element('div', undefined, {
    class: 'error-summary',
    role: 'alert',
    'aria-labelledby': 'field-error-summary-title',
  });
  summary.append(element('h2', texts.summaryTitle, { id: 'field-error-summary-title' }));
  if (message) summary.append(element('p', message));
  const list = element('ul');
  for (const [name, text] of Object.entries(errors)) {
    const target = document.getElementById(`field-${name}`);
    const item = element('li');
    item.append(target ? element('a', text, { href: `#field-${name}` }) : text);
    list.append(item);
    if (target) markField(target, name, text, texts);
  }
  summary.append(list);
  document.querySelector('.field-form-errors').replaceChildren(summary);
}

function markField(target, name, text, texts) {
  const id = `field-${name}-error`;
  const error = element('p', undefined, { class: 'field-error', id });
  error.append(element('span', texts.errorPrefix, { class: 'visually-hidden' }), ` ${text}`);
  const fieldset = target.tagName === 'FIELDSET';
  const container = fieldset ? target : (target.closest('.field') ?? target.parentElement);
  container.classList.add('field--error');
  if (fieldset) target.querySelector('legend').after(error);
  else target.before(error);
  const described = target.getAttribute('aria-describedby');
  target.setAttribute('aria-describedby', described ? `${id} ${described}` : id);
  if (!fieldset) target.setAttribute('aria-invalid', 'true');
}
