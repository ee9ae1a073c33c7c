/**
 * The REFI-QDA project export (.qdpx): a zip holding project.qde (QDA-XML 1.0, urn:QDA-XML:project:1.0) and the
 * stories as plain text in sources/, so NVivo, ATLAS.ti, MAXQDA and QualCoder users can carry on there. Built from
 * the JSON export, so it obeys consent the same way. Stories are text sources; the codebook's tags are codes
 * (nested as in Hearth); tagged passages are codings of selections of the story's text (a tag on the whole story
 * codes all of it); storytellers are cases with their attributes as variables. With files, each story's recordings,
 * photos and PDF scans its audience may have are sources too (AudioSource, PictureSource, PDFSource), in the
 * teller's case beside the story.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { extensionOf } from '../attachments/serve.ts';
import { fileLabel, type ExportedFile } from './files.ts';
import type { ExportStory, HearthExport } from './format.ts';

const MEDIA_ELEMENT = { recording: 'AudioSource', photo: 'PictureSource', scan: 'PDFSource' } as const;

/** A stable GUID for a thing in this export, so exporting twice gives the same project. */
function guid(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// XML 1.0 allows no control characters other than tab, newline and carriage return.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
const text = (value: string) => clean(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const attr = (value: string) =>
  text(value).replaceAll('"', '&quot;').replaceAll('\t', '&#9;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;');
/** Positions in QDA-XML count characters (code points); Hearth's offsets count UTF-16 units. */
const chars = (value: string) => [...value].length;

/** The story as one plain text: the title, then each question as asked and its answer. Returns where each answer starts. */
export function storyPlainText(story: Pick<ExportStory, 'title' | 'answers'>): {
  text: string;
  answerStarts: number[];
} {
  let out = `${story.title}\n\n`;
  const answerStarts: number[] = [];
  for (const a of story.answers) {
    out += `${a.prompt}\n`;
    answerStarts.push(chars(out));
    out += `${a.value}\n\n`;
  }
  return { text: out, answerStarts };
}

function codeXml(doc: HearthExport, parent: number | null, depth: number, seed: string): string {
  return doc.tags
    .filter((t) => t.parent === parent)
    .map((t) => {
      const pad = '  '.repeat(depth);
      const children = depth < 50 ? codeXml(doc, t.id, depth + 1, seed) : '';
      const description = t.description ? `${pad}  <Description>${text(t.description)}</Description>\n` : '';
      return `${pad}<Code guid="${guid(seed, 'tag', t.id)}" name="${attr(t.name)}" isCodable="true">\n${description}${children}${pad}</Code>\n`;
    })
    .join('');
}

function variableValue(variableGuid: string, value: string, pad: string): string {
  return `${pad}<VariableValue>\n${pad}  <VariableRef targetGUID="${variableGuid}"/>\n${pad}  <TextValue>${text(value)}</TextValue>\n${pad}</VariableValue>\n`;
}

/** The project's parts: project.qde, the stories' texts, and where each file goes in sources/. */
export function qdpxProject(doc: HearthExport, media: ExportedFile[] = []) {
  const seed = `${doc.inquiry.code_prefix}|${doc.inquiry.created_at}|${doc.audience}`;
  const files: Record<string, Uint8Array> = {};
  const mediaPaths = new Map<ExportedFile, string>();
  const mediaGuids = new Map<string, string[]>();
  const mediaXml = (s: ExportStory) =>
    media
      .filter((m) => m.code === s.code)
      .map((m) => {
        const label = fileLabel(m.file);
        const n = /-(\d+)\.\w+$/.exec(m.path)?.[1] ?? '1'; // as numbered in the zip: recording-1, photo-1, scan-1
        const element = MEDIA_ELEMENT[label];
        const sourceGuid = guid(seed, 'file', s.code, m.path);
        const name = `${sourceGuid}.${extensionOf(m.file.media_type)}`;
        mediaPaths.set(m, `sources/${name}`);
        mediaGuids.set(s.code, [...(mediaGuids.get(s.code) ?? []), sourceGuid]);
        return (
          `    <${element} guid="${sourceGuid}" name="${attr(`${s.code} ${label} ${n}`)}" path="internal://${name}" creationDateTime="${m.file.created_at}">\n` +
          `      <Description>${text(`The ${label === 'recording' ? 'recording of the interview' : `${label} of the paper form`} of story ${s.code}.`)}</Description>\n` +
          `    </${element}>\n`
        );
      })
      .join('');
  const labels = [
    ...new Set([
      ...doc.attributes.filter((a) => !a.archived).map((a) => a.label),
      ...doc.stories.flatMap((s) => s.attributes.map((a) => a.label)),
    ]),
  ];
  const variableGuid = new Map(labels.map((l) => [l, guid(seed, 'variable', l)]));
  const domainVariable = guid(seed, 'variable', '\u0000domain');
  const domainName = new Map(doc.domains.map((d) => [d.id, d.name]));

  const sources = doc.stories.map((s) => {
    const sourceGuid = guid(seed, 'story', s.code);
    const { text: plain, answerStarts } = storyPlainText(s);
    files[`sources/${sourceGuid}.txt`] = strToU8(plain);
    const selections = s.tags.flatMap((t, i) => {
      let start = 0;
      let end = chars(plain);
      if (t.answer_position !== null) {
        const answer = s.answers[t.answer_position];
        if (!answer || t.start === null || t.end === null) return []; // a passage not found in the words since corrected
        start = answerStarts[t.answer_position]! + chars(answer.value.slice(0, t.start));
        end = answerStarts[t.answer_position]! + chars(answer.value.slice(0, t.end));
      }
      const name = t.quote || s.title || s.code;
      return [
        `      <PlainTextSelection guid="${guid(seed, 'selection', s.code, i)}" name="${attr(name.slice(0, 200))}" startPosition="${start}" endPosition="${end}" creationDateTime="${t.created_at}">\n` +
          `        <Coding guid="${guid(seed, 'coding', s.code, i)}" creationDateTime="${t.created_at}">\n          <CodeRef targetGUID="${guid(seed, 'tag', t.tag)}"/>\n        </Coding>\n` +
          '      </PlainTextSelection>\n',
      ];
    });
    const domain = s.domain === null ? undefined : domainName.get(s.domain);
    return (
      `    <TextSource guid="${sourceGuid}" name="${attr(`${s.code} ${s.title}`.trim())}" plainTextPath="internal://${sourceGuid}.txt" creationDateTime="${s.created_at}" modifiedDateTime="${s.updated_at}">\n` +
      `      <Description>${text(`Story ${s.code}, told ${s.told_on ?? 'on an unknown date'}${domain ? `, domain: ${domain}` : ''}.`)}</Description>\n` +
      selections.join('') +
      (domain ? variableValue(domainVariable, domain, '      ') : '') +
      '    </TextSource>\n' +
      mediaXml(s)
    );
  });

  // One case per storyteller: stories told by the same (named) teller share it; an unnamed teller is one per story.
  const cases = new Map<string, { name: string; stories: ExportStory[] }>();
  for (const s of doc.stories) {
    const key = s.storyteller ? `name:${s.storyteller}` : `story:${s.code}`;
    if (!cases.has(key)) cases.set(key, { name: s.storyteller || `Storyteller of ${s.code}`, stories: [] });
    cases.get(key)!.stories.push(s);
  }
  const caseXml = [...cases.entries()].map(([key, c]) => {
    const values = labels
      .map(
        (label) =>
          [
            label,
            [
              ...new Set(
                c.stories.flatMap((s) => s.attributes.filter((a) => a.label === label && a.value).map((a) => a.value)),
              ),
            ].join('; '),
          ] as const,
      )
      .filter(([, value]) => value !== '')
      .map(([label, value]) => variableValue(variableGuid.get(label)!, value, '      '))
      .join('');
    const refs = c.stories
      .flatMap((s) => [guid(seed, 'story', s.code), ...(mediaGuids.get(s.code) ?? [])])
      .map((g) => `      <SourceRef targetGUID="${g}"/>\n`)
      .join('');
    return `    <Case guid="${guid(seed, 'case', key)}" name="${attr(c.name)}">\n${values}${refs}    </Case>\n`;
  });

  const variables = [
    ...labels.map((l) => `    <Variable guid="${variableGuid.get(l)!}" name="${attr(l)}" typeOfVariable="Text"/>\n`),
    `    <Variable guid="${domainVariable}" name="Domain" typeOfVariable="Text"/>\n`,
  ];
  const xml =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Project xmlns="urn:QDA-XML:project:1.0" name="${attr(doc.inquiry.title)}" origin="Hearth" creationDateTime="${doc.exported_at}">\n` +
    (doc.tags.length ? `  <CodeBook>\n    <Codes>\n${codeXml(doc, null, 3, seed)}    </Codes>\n  </CodeBook>\n` : '') +
    `  <Variables>\n${variables.join('')}  </Variables>\n` +
    (caseXml.length ? `  <Cases>\n${caseXml.join('')}  </Cases>\n` : '') +
    (sources.length ? `  <Sources>\n${sources.join('')}  </Sources>\n` : '') +
    `  <Description>${text(doc.inquiry.purpose || doc.inquiry.title)}</Description>\n` +
    '</Project>\n';
  return { xml, texts: files, mediaPaths };
}

export function toQdpx(doc: HearthExport): Uint8Array {
  const { xml, texts } = qdpxProject(doc);
  return zipSync({ ...texts, 'project.qde': strToU8(xml) }, { level: 6 });
}
