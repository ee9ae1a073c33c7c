/**
 * HTTP range requests (RFC 9110 §14) for recordings, so a long one can be sought in without being sent whole:
 * one range, in bytes. A header in another unit, or asking for several ranges, is answered with the whole file
 * (a server may ignore Range); a malformed or unsatisfiable byte range gets 416.
 */
export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*([A-Za-z]+)\s*=(.*)$/s.exec(header);
  if (!match) return { kind: 'unsatisfiable' };
  if (match[1]!.toLowerCase() !== 'bytes') return { kind: 'whole' };
  const specs = match[2]!.split(',');
  if (specs.length > 1) return { kind: 'whole' };
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '') || size === 0) return { kind: 'unsatisfiable' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end };
}
