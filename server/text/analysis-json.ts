/** An analysis as JSON and back: how story_analysis keeps it, and how it crosses to and from worker threads. */
import type { Analysed, AnalysisJson } from './types.ts';

/**
 * A Map as the JSON of an object, written directly: JSON.stringify(Object.fromEntries(map)) builds an object of a
 * hundred keys per story first, and took a quarter of an import's time (24 against 43–124 µs a story, measured).
 */
function jsonObject(map: Map<string, number | string>): string {
  let json = '';
  for (const [key, value] of map) json += `${json ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return `{${json}}`;
}

export function toJson(analysed: Analysed): AnalysisJson {
  return { counts: jsonObject(analysed.counts), surface: jsonObject(analysed.surface) };
}

export function fromJson(json: AnalysisJson): Analysed {
  return {
    counts: mapOf(json.counts, false) ?? new Map(Object.entries(JSON.parse(json.counts) as Record<string, number>)),
    surface: mapOf(json.surface, true) ?? new Map(Object.entries(JSON.parse(json.surface) as Record<string, string>)),
  };
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;

/**
 * The object jsonObject writes, read straight into a Map: JSON.parse makes an object with a hundred keys of its own
 * per story, which cost most of the time to build a similar-stories index or assign a million stories to themes
 * (43–148 against 18–27 µs a story, measured). Undefined for anything else (an escaped character, spaces), which
 * JSON.parse then reads.
 */
function mapOf(json: string, strings: false): Map<string, number> | undefined;
function mapOf(json: string, strings: true): Map<string, string> | undefined;
function mapOf(json: string, strings: boolean): Map<string, number | string> | undefined {
  const end = json.length - 1;
  if (json[0] !== '{' || json[end] !== '}') return undefined;
  const map = new Map<string, number | string>();
  let i = 1;
  while (i < end) {
    const close = json.indexOf('"', i + 1);
    if (json.charCodeAt(i) !== QUOTE || close < 0 || json.charCodeAt(close + 1) !== COLON) return undefined;
    const key = json.slice(i + 1, close);
    if (key.includes('\\')) return undefined;
    i = close + 2;
    let next: number;
    if (strings) {
      next = json.indexOf('"', i + 1) + 1;
      if (json.charCodeAt(i) !== QUOTE || next === 0) return undefined;
      const value = json.slice(i + 1, next - 1);
      if (value.includes('\\')) return undefined;
      map.set(key, value);
    } else {
      next = json.indexOf(',', i);
      if (next < 0) next = end;
      const value = Number(json.slice(i, next));
      if (!Number.isFinite(value) || next === i) return undefined;
      map.set(key, value);
    }
    if (json.charCodeAt(next) === COMMA && next + 1 < end) i = next + 1;
    else if (next === end) i = end;
    else return undefined;
  }
  return map;
}
