import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../server/text/analysis-json.ts';
import { analyse } from '../../server/text/text.ts';
import type { Analysed } from '../../server/text/types.ts';

const entries = (a: Analysed) => ({ counts: [...a.counts], surface: [...a.surface] });

describe("a stored analysis read back (story_analysis's JSON)", () => {
  it('gives back every stem, count and form, in order, in any script', () => {
    for (const [text, language] of [
      ['The children ran to the new school, and the schools’ rents rose: rents, rents!', 'en'],
      ['Les enfants vont à l’école du quartier', 'fr'],
      ['ذهب الأطفال إلى المدارس والمدرسة', 'ar'],
      ['', 'en'],
    ] as const) {
      const analysed = analyse(text, language);
      expect(entries(fromJson(toJson(analysed)))).toEqual(entries(analysed));
    }
  });

  it('reads stems and forms with quotes, backslashes and colons, and numbers as numbers', () => {
    const analysed: Analysed = {
      counts: new Map([
        ['say "no"', 2],
        ['back\\slash', 1],
        ['a:b,c', 12],
        ['ok', 3],
      ]),
      surface: new Map([
        ['say "no"', 'said "no"'],
        ['back\\slash', 'back\\slashes'],
        ['a:b,c', 'a:b,c'],
        ['ok', 'OK'],
      ]),
    };
    const back = fromJson(toJson(analysed));
    expect(entries(back)).toEqual(entries(analysed));
    expect(typeof back.counts.get('a:b,c')).toBe('number');
  });

  it('reads JSON written another way (spaces, an older writer) as JSON.parse does', () => {
    const back = fromJson({ counts: '{ "rent": 2, "school" : 1 }', surface: '{"rent": "rents","school":"schools"}' });
    expect([...back.counts]).toEqual([
      ['rent', 2],
      ['school', 1],
    ]);
    expect(back.surface.get('school')).toBe('schools');
    expect(fromJson({ counts: '{}', surface: '{}' }).counts.size).toBe(0);
    expect(() => fromJson({ counts: '{"rent":}', surface: '{}' })).toThrow();
  });
});
