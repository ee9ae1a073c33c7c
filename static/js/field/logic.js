// The field app's plain logic: no page, no storage, no network, so test/field/client-logic.test.ts runs it in Node.

/** An id for an interview, made on the device: the server stores an interview once per id. */
export function newDeviceId(random = globalThis.crypto) {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  // Without randomUUID (an older browser): a version 4 UUID from getRandomValues.
  const b = random.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Fills {{name}} placeholders in a text from the page (already translated by the server). */
export function fill(text, values = {}) {
  return String(text ?? '').replace(/\{\{(\w+)\}\}/g, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** A counted text: texts has key_one, key_other (and whatever other plural forms the language has). */
export function counted(texts, key, count, language) {
  const form = new Intl.PluralRules(language || 'en').select(count);
  return fill(texts[`${key}_${form}`] ?? texts[`${key}_other`], { count });
}

/**
 * The interview form's fields as the server reads them: one string per field, a list when a name repeats (a
 * checkbox group with several ticked; one ticked is a single string, which the server reads as a list of one).
 */
export function formValues(entries) {
  const values = {};
  for (const [name, value] of entries) {
    if (name === '_csrf' || name === 'intent' || typeof value !== 'string') continue;
    values[name] = Object.hasOwn(values, name) ? [].concat(values[name], value) : value;
  }
  return values;
}

/**
 * Each question as the form asks it, for the domain chosen. When an interview is corrected, what the storyteller
 * was asked stays as it was: the same words while the domain is the same, and questions the form no longer has
 * (removed from the guide since) are kept, so their answers still go with the story.
 */
export function askedQuestions(guide, domainId, before) {
  const key = domainId ? String(domainId) : '';
  const sameDomain = Boolean(before) && String(before.domainId ?? '') === key;
  const earlier = new Map((before?.asked ?? []).map((a) => [a.questionId, a]));
  const asked = guide.questions.map((q) => ({
    questionId: q.questionId,
    kind: q.kind,
    prompt:
      sameDomain && earlier.has(q.questionId) ? earlier.get(q.questionId).prompt : (q.prompts[key] ?? q.prompts['']),
    // A question about the teller's own story: its options (a slider's ends) as the form showed them.
    ...(q.options ? { options: earlier.get(q.questionId)?.options ?? q.options } : {}),
  }));
  const onForm = new Set(guide.questions.map((q) => q.questionId));
  for (const a of before?.asked ?? []) if (!onForm.has(a.questionId)) asked.push(a);
  return asked;
}

/** The questions about the storyteller as asked, keeping any the form no longer has (as askedQuestions does). */
export function askedAbout(guide, before) {
  const onForm = new Set(guide.about.map((a) => a.attributeId));
  return [...guide.about, ...(before ?? []).filter((a) => !onForm.has(a.attributeId))];
}

/** Answers to questions the form no longer shows, carried over from the interview being corrected. */
export function carriedValues(guide, before) {
  const carried = {};
  if (!before) return carried;
  const questions = new Set(guide.questions.map((q) => q.questionId));
  const about = new Set(guide.about.map((a) => a.attributeId));
  const names = [
    ...(before.asked ?? [])
      .filter((a) => !questions.has(a.questionId))
      .flatMap((a) => [`q${a.questionId}`, `q${a.questionId}na`]),
    ...(before.about ?? []).filter((a) => !about.has(a.attributeId)).map((a) => `a${a.attributeId}`),
  ];
  for (const name of names) if (Object.hasOwn(before.values, name)) carried[name] = before.values[name];
  return carried;
}

/** Today's date on the phone's own clock (YYYY-MM-DD): a date told where the phone is is not in the future there. */
export function localToday(now = new Date()) {
  const two = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** The earliest date a story can have (EARLIEST_DATE in server/stories/capture.ts): before it, a mistyped year. */
const EARLIEST_DATE = '1900-01-01';

/** A real calendar date, from 1900, not after today (dateProblem in server/stories/capture.ts, the phone's today). */
export function dateProblem(value, today) {
  if (value === undefined || value === '') return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  const real = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime());
  if (!real || date.toISOString().slice(0, 10) !== value) return 'stories.errors.date';
  if (value < EARLIEST_DATE) return 'stories.errors.tooOld';
  return value > today ? 'stories.errors.futureDate' : undefined;
}

const isBlank = (v) => v === undefined || (Array.isArray(v) ? v.length === 0 : String(v).trim() === '');
const tooLong = (v, max, exact) => typeof v === 'string' && (exact ? v : v.trim()).length > max;
/** The longest answers Hearth keeps (ANSWER_MAX and SHORT_MAX in server/stories/capture.ts). */
const ANSWER_MAX = 100_000;
const SHORT_MAX = 500;
const LONG_KINDS = ['story', 'why', 'long'];
const NOT_TYPED = ['multiple', 'scale', 'slider', 'date'];

/**
 * What Hearth would refuse in a recorded interview and the phone can tell alone, so it is put right while the
 * storyteller is still there: the rules of interviewSchema and checkInterview (server/stories/capture.ts), which
 * test/field/client-logic.test.ts holds this to. Not the phone's to know: domains, partners or choices changed since.
 * guide: the page's field data (questions, about); checks: { required: ['q3', …], domains: the form asks for one };
 * today: localToday(). Returns field name -> message key, in the form's order (as inFormOrder).
 */
export function interviewProblems(values, guide, checks, today) {
  const errors = {};
  const check = (name, problem) => {
    if (problem && !errors[name]) errors[name] = problem;
  };
  check('toldOn', dateProblem(values.toldOn, today));
  check('toldWhere', tooLong(values.toldWhere, 200) && 'stories.errors.short');
  // An anonymous teller may go without a pseudonym, as on the server.
  const unnamed = isBlank(values.storyteller) && values.anonymous !== 'yes';
  check('storyteller', (unnamed || tooLong(values.storyteller, 120)) && 'stories.errors.storyteller');
  for (const a of guide.about)
    check(`a${a.attributeId}`, tooLong(values[`a${a.attributeId}`], 200) && 'stories.errors.short');
  if (checks.domains) check('domainId', isBlank(values.domainId) && 'stories.errors.domainRequired');
  const required = new Set(checks.required);
  for (const q of guide.questions) {
    const name = `q${q.questionId}`;
    const value = values[name];
    if (q.kind === 'date') check(name, dateProblem(value, today));
    if (q.kind === 'scale' && !isBlank(value) && !/^(100|[1-9]?[0-9])$/.test(String(value).trim()))
      check(name, 'stories.errors.scale');
    if (!NOT_TYPED.includes(q.kind)) {
      const long = LONG_KINDS.includes(q.kind);
      check(
        name,
        tooLong(value, long ? ANSWER_MAX : SHORT_MAX, long) && `stories.errors.${long ? 'tooLong' : 'short'}`,
      );
    }
    const answered = !isBlank(value) || (q.kind === 'scale' && values[`${name}na`] === 'yes');
    if (required.has(name)) check(name, !answered && 'stories.errors.required');
  }
  // One box ticked arrives as a string, several as a list: either way, hearing needs the recording kept.
  const uses = [].concat(values.consent ?? []);
  check('consent', uses.includes('hearing') && !uses.includes('recording') && 'stories.errors.hearingNeedsRecording');
  check('consentHow', isBlank(values.consentHow) && 'stories.errors.consentHow');
  check('consentOn', dateProblem(values.consentOn, today) ?? (isBlank(values.consentOn) && 'stories.errors.consentOn'));
  return errors;
}

/** Below this much free space, the page warns before an interview is recorded. */
export const NEARLY_FULL_BYTES = 50 * 1024 * 1024;

/** Megabytes left when the device is nearly full (navigator.storage.estimate()), else undefined. */
export function nearlyFull(estimate, threshold = NEARLY_FULL_BYTES) {
  if (!estimate || !(estimate.quota > 0)) return undefined;
  const left = Math.max(0, estimate.quota - (estimate.usage || 0));
  return left < threshold ? Math.floor(left / (1024 * 1024)) : undefined;
}

/**
 * What Hearth's answer to a sending means for the interview on the device:
 *   stored      Hearth has it (now or before): remove it from the device, keep its story code
 *   refused     a problem to correct on the device (messages by field)
 *   signIn      the session has ended: wait, and ask to sign in
 *   staleToken  the CSRF token is old: fetch a new one and send again
 *   later       no connection, or Hearth is busy or failing: keep it and try again later
 *   problem     anything else (a role changed, an inquiry removed): keep it, say what Hearth said
 */
export function outcomeOf(status, body) {
  if (status === 200 && body?.status === 'stored' && typeof body.code === 'string')
    return { kind: 'stored', code: body.code, url: body.url };
  if (status === 422 && body?.status === 'refused')
    return { kind: 'refused', message: body.message ?? '', errors: body.errors ?? {} };
  if (status === 401) return { kind: 'signIn' };
  if (status === 403 && body?.error === 'errors.csrf') return { kind: 'staleToken' };
  if (status === 0 || status === 429 || status >= 500) return { kind: 'later', status };
  return { kind: 'problem', status, message: body?.message };
}

/** States an interview waiting on the device can be in; a refused one waits for its correction. */
export const SENDABLE = new Set(['waiting', 'sending', 'signIn', 'problem', 'otherPerson']);

/**
 * What the queue holds, in words: "3 interviews waiting to send, 1 recording, 2 photos"; only files: "1 recording
 * waiting to send". Counts: { interviews, recordings, photos }.
 */
export function queueSummary(texts, counts, language) {
  if (counts.interviews)
    return listIn(
      [counted(texts, 'waiting', counts.interviews, language), ...fileParts(texts, counts, language)],
      language,
    );
  const files = filesInWords(texts, counts, language);
  return files ? fill(texts.filesWaiting, { files }) : texts.nothingWaiting;
}

/** "1 recording, 2 photos" (either part left out at 0), or '' for none. */
export function filesInWords(texts, counts, language) {
  return listIn(fileParts(texts, counts, language), language);
}

const fileParts = (texts, counts, language) =>
  [
    counts.recordings ? counted(texts, 'recordings', counts.recordings, language) : '',
    counts.photos ? counted(texts, 'photos', counts.photos, language) : '',
  ].filter(Boolean);

/**
 * The locale dates and lists are written in for a page's language, as the server writes them
 * (server/web/helpers/date.ts): English as in Britain ("4 Dec 2026, 14:03"), other languages as themselves.
 */
const localeOf = (language) => (!language || language === 'en' ? 'en-GB' : language);

/**
 * Counts listed as the page's language lists them, not the browser's: "1 recording, 2 photos", "1 grabación y 2
 * fotos", "تسجيل واحد، وصورتان". An old browser without Intl.ListFormat gets commas (Arabic's own in Arabic).
 */
export function listIn(items, language) {
  if (typeof Intl.ListFormat !== 'function') return items.join(language === 'ar' ? '، ' : ', ');
  return new Intl.ListFormat(localeOf(language), { type: 'unit', style: 'long' }).format(items);
}

/**
 * A moment as the page's language writes it (the html lang, never the browser's own locale), on the phone's clock:
 * the server's style, which writes UTC and says so. timeZone only for tests; the phone's own by default.
 */
export function dateTimeIn(iso, language, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    date,
  );
}

/** How many recordings and photos are in a list of files kept on the device. */
export function countFiles(files) {
  return {
    recordings: files.filter((f) => f.kind === 'recording').length,
    photos: files.filter((f) => f.kind === 'photo').length,
  };
}

/**
 * What Hearth's answer to sending a recording or photo means for the file on the device (as outcomeOf does for
 * an interview): stored (remove it from the device), refused (say why on its interview; it is not sent again),
 * signIn, staleToken, later (kept, sent again later), problem.
 */
export function fileOutcomeOf(status, body) {
  if (status === 200 && body?.status === 'stored') return { kind: 'stored', url: body.url };
  if ([409, 413, 422].includes(status) && body?.status === 'refused')
    return { kind: 'refused', message: body.message ?? '' };
  return outcomeOf(status, body);
}

/** States of a file waiting on the device that are sent again by themselves; a refused one waits to be removed. */
export const FILE_SENDABLE = new Set([undefined, 'waiting', 'sending', 'signIn', 'problem', 'otherPerson']);

/** Where a file of an interview is sent: the interview's device id and the file's own. */
export const fileAddress = (base, file) =>
  `${base}/${encodeURIComponent(file.interviewId)}/${file.kind === 'recording' ? 'recordings' : 'photos'}/${encodeURIComponent(file.deviceId)}`;
