/** Taking location and camera metadata out of photos as they stream in, and HTTP byte ranges. */
import exifr from 'exifr';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { DamagedImage, stripperFor } from '../../server/attachments/photo-metadata.ts';
import { parseRange } from '../../server/attachments/ranges.ts';
import { sniff } from '../../server/attachments/sniff.ts';
import { CAMERA_MAKE, CAMERA_MODEL, phoneJpeg, phonePng, plainJpeg, wav } from './fixtures.ts';

/** Runs bytes through a stripper in pieces of the given sizes (cycled), as they arrive from a network. */
function strip(type: string, bytes: Buffer, pieces = [1, 7, 300, 65536]) {
  const stripper = stripperFor(type);
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = pieces[i % pieces.length]!;
    out.push(...stripper.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...stripper.end());
  return { bytes: Buffer.concat(out), facts: stripper.facts() };
}

describe('a JPEG from a phone', () => {
  const original = phoneJpeg(6);

  it('carries GPS, camera and a trailer before (so the test can fail)', async () => {
    const gps = await exifr.gps(original);
    expect(gps?.latitude).toBeCloseTo(51.5, 3);
    expect(gps?.longitude).toBeCloseTo(-0.1167, 3);
    expect((await exifr.parse(original))?.Make).toBe(CAMERA_MAKE);
    expect(original.toString('latin1')).toContain('MotionPhoto');
  });

  it.each([[[1]], [[3, 5000]], [[65536]]])('keeps no location, camera or trailer (pieces %j)', async (pieces) => {
    const { bytes, facts } = strip('image/jpeg', original, pieces);
    expect(await exifr.gps(bytes)).toBeUndefined();
    const text = bytes.toString('latin1');
    for (const word of [CAMERA_MAKE, CAMERA_MODEL, 'GPSLatitude', 'xmpmeta', 'MotionPhoto', 'Shot on'])
      expect(text).not.toContain(word);
    // The picture is untouched, and still shows the right way up.
    expect(Buffer.from(jpeg.decode(bytes).data).equals(Buffer.from(jpeg.decode(plainJpeg()).data))).toBe(true);
    expect(await exifr.orientation(bytes)).toBe(6);
    expect(facts).toEqual({ width: 24, height: 32 });
  });

  it('leaves a photo without metadata as it was', () => {
    const plain = plainJpeg();
    expect(strip('image/jpeg', plain).bytes.equals(plain)).toBe(true);
  });

  it('refuses bytes that are not a JPEG, and one cut off before its image', () => {
    expect(() => strip('image/jpeg', Buffer.from('not a jpeg at all'))).toThrow(DamagedImage);
    expect(() => strip('image/jpeg', original.subarray(0, 100))).toThrow(DamagedImage);
  });
});

describe('a PNG', () => {
  it('keeps the image chunks and drops text and eXIf', () => {
    const original = phonePng();
    expect(original.toString('latin1')).toContain(CAMERA_MODEL);
    const { bytes, facts } = strip('image/png', original);
    const text = bytes.toString('latin1');
    expect(text).not.toContain(CAMERA_MODEL);
    expect(text).not.toContain('eXIf');
    expect(text).not.toContain('tEXt');
    for (const chunk of ['IHDR', 'IDAT', 'IEND']) expect(text).toContain(chunk);
    expect(facts).toEqual({ width: 2, height: 2 });
    expect(() => strip('image/png', original.subarray(0, 40))).toThrow(DamagedImage);
  });
});

describe('what a file is, from its bytes', () => {
  it('knows audio and images by their contents, not their names', async () => {
    expect(await sniff(wav(0.5), 'recording')).toBe('audio/wav');
    expect(await sniff(phoneJpeg(), 'photo')).toBe('image/jpeg');
    expect(await sniff(phonePng(), 'photo')).toBe('image/png');
    expect(
      await sniff(Buffer.from('Just some words typed into a file called interview.mp3'), 'recording'),
    ).toBeUndefined();
    expect(await sniff(phoneJpeg(), 'recording')).toBeUndefined();
    expect(await sniff(wav(0.5), 'photo')).toBeUndefined();
  });
});

describe('byte ranges', () => {
  it.each([
    [undefined, { kind: 'whole' }],
    ['bytes=0-', { kind: 'part', start: 0, end: 999 }],
    ['bytes=100-199', { kind: 'part', start: 100, end: 199 }],
    ['bytes=900-5000', { kind: 'part', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'part', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'part', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=500-100', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=abc', { kind: 'unsatisfiable' }],
    ['bytes=-', { kind: 'unsatisfiable' }],
    ['pages=1-2', { kind: 'whole' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
  ])('%s of 1000 bytes', (header, answer) => {
    expect(parseRange(header, 1000)).toEqual(answer);
  });
});
