/**
 * Reading a CSV file as it streams, a row at a time, whatever its size: checked as UTF-8 and parsed with
 * csv-parse's streaming parser, with a problem to show for a file that cannot be read.
 */
import { parse as parseStream } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { delimiterOf, type Problem } from './import-csv.ts';

/** A problem with the file as a whole, met while it streams. */
export class CsvProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.key);
  }
}

/** The file's text as it arrives, checked as UTF-8 as {@link decodeUpload} checks it. */
async function* utf8Text(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const notUtf8 = () => new CsvProblem({ key: 'exports.problems.notUtf8' });
  let first = true;
  for await (const bytes of source) {
    if (
      first &&
      bytes.length >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    )
      throw notUtf8();
    first = false;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw notUtf8();
    }
    if (text.includes('\u0000')) throw notUtf8();
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notUtf8();
  }
  if (rest) yield rest;
}

/**
 * A CSV file's rows as it streams, the header first: only a few rows are held at a time, whatever the file's size.
 * A problem with the file as a whole (not UTF-8, malformed, no stories) is thrown as a {@link CsvProblem}.
 */
export async function* streamCsv(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<{ line: number; cells: string[] }> {
  const text = utf8Text(source);
  // The delimiter is the header line's: wait for the end of the first line before parsing.
  let start = '';
  let next = await text.next();
  while (!next.done && !/\r?\n/.test(start + next.value) && start.length < 1024 * 1024) {
    start += next.value;
    next = await text.next();
  }
  if (!next.done) start += next.value;
  const parser = parseStream({ bom: true, info: true, skip_empty_lines: true, delimiter: delimiterOf(start) });
  async function* all() {
    yield start;
    for await (const chunk of text) yield chunk;
  }
  const feeding = pipeline(Readable.from(all(), { objectMode: false }), parser);
  let previous = 0;
  let count = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = { line: previous + 1, cells: count === 0 ? record.map((h) => h.trim()) : record };
      previous = info.lines;
      count++;
      yield row;
    }
    await feeding;
  } catch (err) {
    if (err instanceof CsvProblem) throw err;
    const e = err as { code?: string; lines?: number };
    const key =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'exports.problems.columns' : 'exports.problems.malformed';
    throw new CsvProblem({ key, line: e.lines ?? 0 });
  } finally {
    parser.destroy();
    feeding.catch(() => {});
  }
  if (count < 2) throw new CsvProblem({ key: 'exports.problems.empty' });
}
