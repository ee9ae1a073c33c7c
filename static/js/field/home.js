// The "In the field" page: takes inquiries into the field, shows what waits on this device and what was sent,
// sends by itself when the connection returns (and with "Send now"), and clears the device.
// Only an enhancement: without it the page lists the ordinary interview forms.
import { countFiles, counted, filesInWords, fill, nearlyFull, queueSummary, SENDABLE } from './logic.js';
import { element, fieldSupported, keepOffline, language, when } from './page.js';
import { clearDevice, listFiles, listInterviews, listSent, listTaken, removeFile, takeInquiry } from './store.js';
import { sendWaiting, signedIn } from './sync.js';

const root = document.querySelector('[data-field-device]');
if (root) start(root, JSON.parse(root.getAttribute('data-field-device')));

function start(root, device) {
  const texts = device.texts;
  const $ = (selector) => root.querySelector(selector);
  const note = $('.field-script-note');
  if (!fieldSupported()) {
    note.textContent = texts.unsupported;
    return;
  }
  note.hidden = true;
  $('.field-device').hidden = false;
  for (const el of root.querySelectorAll('[data-field-when-supported]')) el.hidden = false;

  let cleared = false;
  /** This alliance's recordings and photos on the device, as last read. */
  let kept = [];
  let sessionEnded = false;
  /** Whether Hearth answered the last time the page asked: a browser can say it is online when nothing gets through
   * (a weak signal, a captive portal, or a browser that misreports a page it loaded offline). */
  let reached;
  /** The next try to reach Hearth, and how long to wait before it. */
  let retry;
  let pause = 5_000;
  const say = (text) => {
    const message = $('.field-message');
    message.textContent = text;
    message.hidden = !text;
  };

  async function render() {
    if (cleared) return;
    const [interviews, sent, taken, files] = await Promise.all([
      listInterviews(),
      listSent(),
      listTaken(),
      listFiles(),
    ]);
    const mine = (list) => list.filter((x) => x.allianceId === device.allianceId);
    const waiting = mine(interviews).sort((a, b) => String(a.recordedAt).localeCompare(String(b.recordedAt)));
    kept = mine(files);

    $('.field-connection').textContent = navigator.onLine && reached !== false ? texts.online : texts.offline;
    $('.field-count').textContent = queueSummary(
      texts,
      { interviews: waiting.length, ...countFiles(kept.filter((f) => f.state !== 'refused')) },
      language(),
    );
    const signIn = sessionEnded || waiting.some((i) => i.state === 'signIn') || kept.some((f) => f.state === 'signIn');
    $('.field-signin').hidden = !signIn;
    $('.field-signin__text').textContent = texts.signInToSend;
    $('.field-signin__link').textContent = texts.signInLink;
    $('.field-signin__link').setAttribute('href', device.signIn);

    const queue = $('.field-queue');
    queue.replaceChildren(...(waiting.length ? waiting.map(queued) : [element('li', texts.nothingWaiting)]));
    // An interview sent while its files still wait (or were refused) shows them, with what Hearth said.
    const sentList = mine(sent).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    $('.field-sent').replaceChildren(...(sentList.length ? sentList.map(sentItem) : [element('li', texts.noneSent)]));
    const inquiries = mine(taken);
    $('.field-taken').replaceChildren(
      ...(inquiries.length
        ? inquiries.map((t) => element('li', fill(texts.takenOn, { title: t.title, when: when(t.takenAt) })))
        : [element('li', texts.noneTaken)]),
    );
    for (const li of root.querySelectorAll('[data-field-form-url]')) {
      const isKept = inquiries.some((t) => t.url === li.getAttribute('data-field-form-url'));
      li.querySelector('[data-field-when-taken]').hidden = !isKept;
    }
  }

  function queued(interview) {
    const li = element('li', undefined, { class: `field-interview field-interview--${interview.state}` });
    const name = interview.values.storyteller
      ? fill(texts.storyteller, { name: interview.values.storyteller })
      : texts.noStoryteller;
    li.append(
      element('strong', name),
      ` — ${interview.inquiryTitle} — ${fill(texts.recordedAt, { when: when(interview.recordedAt) })}`,
    );
    li.append(element('p', stateText(interview), { class: 'field-state' }));
    const withFiles = kept.filter((f) => f.interviewId === interview.deviceId);
    if (withFiles.length)
      li.append(
        element('p', fill(texts.withFiles, { files: filesInWords(texts, countFiles(withFiles), language()) }), {
          class: 'field-files-count',
        }),
      );
    if (interview.state === 'refused') {
      const errors = Object.values(interview.errors ?? {});
      if (errors.length) li.append(listOf(errors));
      const correct = element('a', texts.correct, {
        href: `${formUrl(interview)}?device=${encodeURIComponent(interview.deviceId)}`,
        class: 'button button--small',
      });
      correct.append(element('span', ` — ${name}`, { class: 'visually-hidden' }));
      const line = element('p');
      line.append(correct);
      li.append(line);
    }
    return li;
  }

  const formUrl = (interview) => `/alliances/${interview.allianceId}/inquiries/${interview.inquiryId}/field/interview`;

  function listOf(lines) {
    const ul = element('ul', undefined, { class: 'field-errors' });
    ul.append(...lines.map((line) => element('li', line)));
    return ul;
  }

  function stateText(interview) {
    switch (interview.state) {
      case 'sending':
        return texts.stateSending;
      case 'refused':
        return fill(texts.stateRefused, { message: interview.message ?? '' });
      case 'signIn':
        return texts.stateSignIn;
      case 'otherPerson':
        return fill(texts.stateOtherPerson, { name: interview.userName ?? '' });
      case 'problem':
        return fill(texts.stateProblem, {
          message: interview.message || fill(texts.problemStatus, { status: interview.status ?? '' }),
        });
      default:
        return texts.stateWaiting;
    }
  }

  function sentItem(sent) {
    const li = element('li', undefined, { class: 'field-sent-item' });
    li.append(element('a', fill(texts.sent, { code: sent.code }), { href: sent.url }));
    const done = sent.files?.length
      ? ` ${fill(texts.sentWithFiles, { files: filesInWords(texts, countFiles(sent.files), language()) })}`
      : '';
    li.append(`${done} — ${sent.inquiryTitle} — ${when(sent.sentAt)}`);
    const waiting = kept.filter((f) => f.interviewId === sent.deviceId);
    if (waiting.length) {
      const ul = element('ul', undefined, { class: 'field-files' });
      ul.append(...waiting.map((file) => fileItem(file, sent.code)));
      li.append(ul);
    }
    return li;
  }

  function fileItem(file, code) {
    const li = element('li', undefined, { class: `field-file field-file--${file.state ?? 'waiting'}` });
    const kind = file.kind === 'recording' ? texts.fileRecording : texts.filePhoto;
    const mb = Math.max(0.1, file.size / (1024 * 1024)).toFixed(1);
    li.append(element('span', fill(texts.fileLine, { kind, mb, state: fileState(file) })));
    if (file.state === 'refused') {
      const remove = element('button', texts.removeFile, {
        type: 'button',
        class: 'button button--small button--secondary',
        'data-field-remove-file': file.deviceId,
      });
      remove.append(element('span', ` — ${kind}, ${code}`, { class: 'visually-hidden' }));
      li.append(' ', remove);
    }
    return li;
  }

  function fileState(file) {
    switch (file.state) {
      case 'sending':
        return texts.fileStateSending;
      case 'refused':
        return fill(texts.fileStateRefused, { message: file.message ?? '' });
      case 'signIn':
        return texts.fileStateSignIn;
      case 'otherPerson':
        return fill(texts.fileStateOtherPerson, { name: file.userName ?? '' });
      case 'problem':
        return fill(texts.fileStateProblem, {
          message: file.message || fill(texts.problemStatus, { status: file.status ?? '' }),
        });
      default:
        return texts.fileStateWaiting;
    }
  }

  let sending = false;
  let sendAgain = false;
  async function send() {
    if (cleared) return;
    // Asked while a pass runs (a press of "Send now", the connection back): one more pass once it ends, since
    // the running one may have started before the signal or the session changed.
    if (sending) {
      sendAgain = true;
      return;
    }
    sending = true;
    try {
      do {
        sendAgain = false;
        try {
          const result = await sendWaiting(device, render);
          sessionEnded = Boolean(result.signIn);
          // Cut off while sending (or Hearth busy): what is left goes once Hearth answers again.
          if (result.later) {
            reached = false;
            tryAgainLater();
          }
        } catch (error) {
          say(fill(texts.stateProblem, { message: error?.message ?? '' }));
        }
      } while (sendAgain && !cleared);
    } finally {
      sending = false;
      await render();
    }
  }

  async function take(button) {
    const url = button.getAttribute('data-field-take');
    const title = button.closest('[data-field-form-url]').querySelector('h3').textContent;
    say(texts.taking);
    try {
      await keepOffline(device, [url]);
      await takeInquiry({
        url,
        allianceId: device.allianceId,
        title,
        takenAt: new Date().toISOString(),
        userId: device.userId,
      });
      say(texts.taken);
    } catch (error) {
      say(fill(texts.notTaken, { message: error?.message ?? '' }));
    }
    await render();
  }

  /** Online, refresh the kept pages, so the device has the guide as it is now (waiting interviews keep theirs). */
  async function refreshKept() {
    const kept = (await listTaken()).filter((t) => t.allianceId === device.allianceId);
    if (kept.length && navigator.onLine)
      await keepOffline(
        device,
        kept.map((t) => t.url),
      ).catch(() => {});
  }

  async function warnIfFull() {
    const left = nearlyFull(await navigator.storage?.estimate?.().catch(() => undefined));
    const warning = $('.field-storage');
    warning.hidden = left === undefined;
    warning.textContent = left === undefined ? '' : fill(texts.nearlyFull, { mb: left });
  }

  root.addEventListener('click', async (event) => {
    const target = event.target.closest('button');
    if (!target) return;
    if (target.hasAttribute('data-field-send')) await send();
    else if (target.hasAttribute('data-field-remove-file')) {
      await removeFile(target.getAttribute('data-field-remove-file'));
      await render();
      // Said once the list is redrawn, so what the message says is already true on the page.
      say(texts.fileRemoved);
    } else if (target.hasAttribute('data-field-take')) await take(target);
    else if (target.hasAttribute('data-field-clear')) {
      const waiting = (await listInterviews()).filter((i) => SENDABLE.has(i.state) || i.state === 'refused');
      const files = filesInWords(texts, countFiles(await listFiles()), language());
      $('.field-clear-warning').textContent = [
        waiting.length
          ? counted(texts, 'clearWaiting', waiting.length, language())
          : files
            ? ''
            : texts.clearNothingWaiting,
        files ? fill(texts.clearFiles, { files }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      $('.field-clear-confirm').hidden = false;
      $('[data-field-clear-no]').focus();
    } else if (target.hasAttribute('data-field-clear-no')) {
      $('.field-clear-confirm').hidden = true;
      $('[data-field-clear]').focus();
    } else if (target.hasAttribute('data-field-clear-yes')) {
      await clearDevice();
      cleared = true;
      $('.field-clear-confirm').hidden = true;
      for (const list of ['.field-queue', '.field-sent', '.field-taken']) $(list).replaceChildren();
      for (const li of root.querySelectorAll('[data-field-when-taken]')) li.hidden = true;
      $('.field-count').textContent = '';
      say(texts.cleared);
    }
  });

  /** Asks Hearth who is signed in; once it answers, brings the kept pages up to date and sends what waits. While it
   * does not, asks again after 5 s, then 10, 20… up to a minute (the browser's "online" event may never come). */
  async function reconnect() {
    clearTimeout(retry);
    if (cleared) return;
    const signed = navigator.onLine ? await signedIn(device) : undefined;
    reached = signed !== undefined;
    sessionEnded = signed === false;
    await render();
    if (!reached) {
      tryAgainLater();
      pause = Math.min(pause * 2, 60_000);
      return;
    }
    pause = 5_000;
    await refreshKept();
    await send();
  }

  /** Asks Hearth again after `pause`; offline, the browser's "online" event asks instead. */
  function tryAgainLater() {
    clearTimeout(retry);
    if (navigator.onLine) retry = setTimeout(reconnect, pause);
  }

  window.addEventListener('online', () => {
    pause = 5_000;
    reconnect();
  });
  window.addEventListener('offline', () => {
    reached = false;
    render();
  });
  // While the page is open and something waits, try again now and then.
  setInterval(() => navigator.onLine && reached && send(), 60_000);

  if (location.hash === '#kept') say(texts.kept);
  render().then(warnIfFull).then(reconnect);
}
