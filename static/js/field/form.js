// The interview form in the field: recording keeps the interview on the device (with an id made here, and each
// question as it was asked) and goes back to the field page, which sends it when it can. A refused interview is
// opened here again (?device=<id>) with Hearth's messages beside its fields, to be corrected and kept again.
// What Hearth would refuse and the phone can tell alone is shown the same way before anything is kept.
// Only an enhancement: without it (or in a browser that cannot keep Hearth offline) this is the ordinary form.
import { startRecorder } from '../recorder.js';
import {
  askedAbout,
  askedQuestions,
  carriedValues,
  countFiles,
  filesInWords,
  fill,
  formValues,
  interviewProblems,
  localToday,
  nearlyFull,
  newDeviceId,
} from './logic.js';
import { element, fieldSupported, language } from './page.js';
import { getInterview, keepInterviewWithFiles, listFiles } from './store.js';

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

  const files = startFiles(form, field, before);
  const checks = pageChecks();

  let keeping = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (keeping) return;
    const values = { ...carriedValues(field, before), ...formValues(new FormData(form).entries()) };
    if (checks) {
      // Refused now, while the storyteller is here to put it right, not after sending when they have gone.
      const problems = interviewProblems(values, field, checks, localToday());
      clearErrors(form);
      if (Object.keys(problems).length > 0) {
        const messages = Object.entries(problems).map(([name, key]) => [name, checks.messages[key] ?? key]);
        showErrors(form, texts, '', Object.fromEntries(messages)).focus();
        return;
      }
    }
    keeping = true;
    const deviceId = before?.deviceId ?? newDeviceId();
    const newFiles = await files.take(deviceId);
    if (!newFiles) {
      keeping = false;
      return;
    }
    const now = new Date().toISOString();
    const interview = {
      deviceId,
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
      files: [...(before?.files ?? []), ...newFiles.map((f) => f.deviceId)],
      recordedAt: before?.recordedAt ?? now,
      updatedAt: now,
      state: 'waiting',
    };
    try {
      await keepInterviewWithFiles(interview, newFiles);
    } catch (error) {
      keeping = false;
      const message = error?.name === 'QuotaExceededError' ? texts.full : (error?.message ?? '');
      say(fill(texts.notKept, { message }));
      return;
    }
    location.assign(`${field.home}#kept`);
  });
}

/**
 * The recording (made here, or an audio file chosen) and photos of the paper, kept on the device with the
 * interview. Recording waits for the storyteller's consent to keep it; nothing is kept that Hearth could not take.
 */
function startFiles(form, field, before) {
  const texts = field.texts;
  const section = form.querySelector('.field-files');
  section.hidden = false;
  const $ = (selector) => section.querySelector(selector);
  const consentBox = form.querySelector('input[name="consent"][value="recording"]');
  const consented = () => Boolean(consentBox?.checked);
  const consentNote = $('.field-recording-consent');
  const showConsent = () => {
    consentNote.textContent = texts.needsConsent;
    consentNote.hidden = consented();
  };
  consentBox?.addEventListener('change', showConsent);
  showConsent();
  const problem = $('.field-files-problem');
  const say = (text) => {
    problem.textContent = text;
    problem.hidden = !text;
    if (text) problem.scrollIntoView({ block: 'center' });
  };

  const recorder = startRecorder($('[data-recorder]'), {
    mayRecord: () => (consented() ? '' : texts.needsConsent),
  });
  const recordingInput = $('#field-recording-file');
  const photosInput = $('#field-photos');

  if (before?.files?.length)
    listFiles()
      .then((all) => {
        const mine = all.filter((f) => f.interviewId === before.deviceId);
        if (!mine.length) return;
        $('.field-files-kept').textContent = fill(texts.filesKept, {
          files: filesInWords(texts, countFiles(mine), language()),
        });
        $('.field-files-kept').hidden = false;
      })
      .catch(() => {});

  /** The new files as the device keeps them, or undefined (and a message) when they cannot be kept. */
  async function take(interviewId) {
    say('');
    const chosen = [];
    const recorded = recorder?.blob();
    const audio = recorded ?? recordingInput.files[0];
    if (audio) {
      const name = audio.name || `recording.${audio.type.includes('mp4') ? 'm4a' : 'webm'}`;
      chosen.push({ kind: 'recording', blob: audio, name });
    }
    for (const photo of photosInput.files) chosen.push({ kind: 'photo', blob: photo, name: photo.name });
    if (audio && !consented()) return void say(texts.recordingNoConsent);
    const mb = Math.floor(field.maxUploadBytes / 1024 / 1024);
    const large = chosen.find((f) => f.blob.size > field.maxUploadBytes);
    if (large) return void say(fill(texts.fileTooLarge, { name: large.name, mb }));
    const bytes = chosen.reduce((sum, f) => sum + f.blob.size, 0);
    const estimate = bytes && (await navigator.storage?.estimate?.().catch(() => undefined));
    if (estimate?.quota > 0 && estimate.quota - (estimate.usage || 0) < bytes * 1.1)
      return void say(
        fill(texts.noRoomForFiles, {
          mb: Math.max(0, Math.floor((estimate.quota - (estimate.usage || 0)) / (1024 * 1024))),
        }),
      );
    const now = new Date().toISOString();
    return chosen.map((f) => ({
      deviceId: newDeviceId(),
      interviewId,
      allianceId: field.allianceId,
      userId: before?.userId ?? field.userId,
      userName: before?.userName ?? field.userName,
      kind: f.kind,
      blob: f.blob,
      name: f.name,
      type: f.blob.type,
      size: f.blob.size,
      addedAt: now,
      state: 'waiting',
    }));
  }
  return { take };
}

/**
 * What the page says to check (views/field/interview.hbs): the required questions, whether a domain is asked, and
 * Hearth's messages by key. Undefined on a form kept before the phone checked: Hearth still checks when it is sent.
 */
function pageChecks() {
  const el = document.querySelector('.field-checks');
  if (!el) return undefined;
  const messages = [...el.querySelectorAll('[data-message]')].map((m) => [m.dataset.message, m.textContent]);
  return {
    required: (el.dataset.required ?? '').split(' ').filter(Boolean),
    domains: Number(el.dataset.domains) > 0,
    messages: Object.fromEntries(messages),
  };
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

/**
 * Hearth's messages beside each field and in a summary at the top, as the server's own forms show them. Returns the
 * summary (focusable, so a form checked on the phone can take the reader to it as a page sent back would).
 */
function showErrors(form, texts, message, errors) {
  const summary = element('div', undefined, {
    class: 'error-summary',
    role: 'alert',
    'aria-labelledby': 'field-error-summary-title',
    tabindex: '-1',
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
  return summary;
}

/** Takes away the messages shown before (all of them this script's), so each check shows only what is wrong now. */
function clearErrors(form) {
  const ids = new Set();
  for (const error of form.querySelectorAll('[data-field-error]')) {
    ids.add(error.id);
    error.remove();
  }
  for (const el of form.querySelectorAll('[aria-describedby]')) {
    const rest = el
      .getAttribute('aria-describedby')
      .split(' ')
      .filter((id) => !ids.has(id));
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field--error')) el.classList.remove('field--error');
  document.querySelector('.field-form-errors').replaceChildren();
}

function markField(target, name, text, texts) {
  const id = `field-${name}-error`;
  const error = element('p', undefined, { class: 'field-error', id, 'data-field-error': '' });
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
