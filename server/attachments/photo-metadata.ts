/**
 * Taking location and camera metadata out of a photo as it streams in, without decoding or re-encoding it: the
 * picture's bytes pass through untouched, only the metadata segments are left out.
 *
 * - JPEG: Exif (camera, GPS, dates, thumbnail), XMP, IPTC/Photoshop, comments, maker segments and whatever follows
 *   the end of the image (a phone's "motion photo" video, vendor trailers) are dropped. Kept: JFIF, the ICC colour
 *   profile, Adobe's colour transform flag, and the image itself. The orientation is kept as a new Exif segment
 *   holding that one value, so a phone photo still shows the right way up.
 * - PNG: only the chunks that draw the image are kept (header, palette, data, transparency, colour space, pixel
 *   size, animation); text chunks, eXIf and timestamps are dropped.
 *
 * A stripper holds at most one metadata segment (64 KB for JPEG) or one chunk header at a time.
 */
export class DamagedImage extends Error {}

export interface PhotoFacts {
  /** As shown (after turning by its orientation); null when the image did not say. */
  width: number | null;
  height: number | null;
}

export interface MetadataStripper {
  /** The bytes to keep so far, in order. Throws DamagedImage for bytes that are not a well-formed image. */
  push(data: Buffer): Buffer[];
  /** The last bytes to keep; throws DamagedImage when the image stopped part way. */
  end(): Buffer[];
  facts(): PhotoFacts;
}

export function stripperFor(mediaType: string): MetadataStripper {
  if (mediaType === 'image/jpeg') return new JpegStripper();
  if (mediaType === 'image/png') return new PngStripper();
  throw new Error(`No metadata stripper for ${mediaType}`);
}

const ascii = (b: Buffer, text: string) =>
  b.length >= text.length && b.subarray(0, text.length).toString('latin1') === text;

class JpegStripper implements MetadataStripper {
  private pending = Buffer.alloc(0);
  private state: 'start' | 'marker' | 'entropy' | 'done' = 'start';
  private width: number | null = null;
  private height: number | null = null;
  private orientation = 1;

  facts(): PhotoFacts {
    const turned = this.orientation >= 5 && this.orientation <= 8;
    return { width: turned ? this.height : this.width, height: turned ? this.width : this.height };
  }

  push(data: Buffer): Buffer[] {
    const b = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: Buffer[] = [];
    let p = 0;
    for (;;) {
      if (this.state === 'done') {
        p = b.length; // anything after the end of the image is dropped
        break;
      }
      if (this.state === 'start') {
        if (b.length - p < 2) break;
        if (b[p] !== 0xff || b[p + 1] !== 0xd8) throw new DamagedImage('not a JPEG');
        out.push(b.subarray(p, p + 2));
        p += 2;
        this.state = 'marker';
        continue;
      }
      if (this.state === 'entropy') {
        const i = b.indexOf(0xff, p);
        if (i < 0) {
          out.push(b.subarray(p));
          p = b.length;
          break;
        }
        if (i + 1 >= b.length) {
          out.push(b.subarray(p, i));
          p = i;
          break;
        }
        const next = b[i + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          out.push(b.subarray(p, i + 2)); // a stuffed byte or a restart marker: still image data
          p = i + 2;
        } else if (next === 0xff) {
          out.push(b.subarray(p, i)); // a fill byte before a marker
          p = i + 1;
        } else {
          out.push(b.subarray(p, i));
          p = i;
          this.state = 'marker';
        }
        continue;
      }
      // A marker: FF (fill FFs) then its code, and for most a length and a payload.
      if (b.length - p < 2) break;
      if (b[p] !== 0xff) throw new DamagedImage('expected a JPEG marker');
      let q = p + 1;
      while (q < b.length && b[q] === 0xff) q++;
      if (q >= b.length) break;
      const marker = b[q]!;
      if (marker === 0x00 || marker === 0xd8) throw new DamagedImage('unexpected JPEG marker');
      if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        out.push(Buffer.from([0xff, marker]));
        p = q + 1;
        continue;
      }
      if (marker === 0xd9) {
        out.push(Buffer.from([0xff, 0xd9]));
        p = q + 1;
        this.state = 'done';
        continue;
      }
      if (b.length - (q + 1) < 2) break;
      const length = b.readUInt16BE(q + 1);
      if (length < 2) throw new DamagedImage('bad JPEG segment length');
      const end = q + 1 + length;
      if (b.length < end) break;
      const kept = this.segment(marker, b.subarray(q + 3, end));
      if (kept === 'keep') out.push(Buffer.concat([Buffer.from([0xff, marker]), b.subarray(q + 1, end)]));
      else if (kept) out.push(kept);
      p = end;
      if (marker === 0xda) this.state = 'entropy';
    }
    this.pending = Buffer.from(b.subarray(p));
    return out;
  }

  /** 'keep' the segment, drop it (null), or put these bytes in its place. */
  private segment(marker: number, payload: Buffer): 'keep' | Buffer | null {
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame && this.width === null && payload.length >= 5) {
      this.height = payload.readUInt16BE(1);
      this.width = payload.readUInt16BE(3);
    }
    if (marker === 0xe1) {
      if (ascii(payload, 'Exif\0\0')) this.orientation = exifOrientation(payload.subarray(6));
      return this.orientation > 1 && this.orientation <= 8 ? orientationOnly(this.orientation) : null;
    }
    if (marker === 0xe0) return 'keep'; // JFIF
    if (marker === 0xe2) return ascii(payload, 'ICC_PROFILE\0') ? 'keep' : null;
    if (marker === 0xee) return ascii(payload, 'Adobe') ? 'keep' : null;
    if ((marker >= 0xe3 && marker <= 0xef) || marker === 0xfe) return null; // maker notes, IPTC, comments
    return 'keep';
  }

  end(): Buffer[] {
    if (this.state === 'done') return [];
    // Some cameras leave off the final marker; the image is all there, so it is closed for them.
    if (this.state === 'entropy') {
      const rest = [this.pending, Buffer.from([0xff, 0xd9])];
      this.pending = Buffer.alloc(0);
      this.state = 'done';
      return rest;
    }
    throw new DamagedImage('the JPEG stops before its image');
  }
}

/** The Orientation (tag 0x0112) in an Exif TIFF block, or 1 when it has none or cannot be read. */
function exifOrientation(tiff: Buffer): number {
  if (tiff.length < 8) return 1;
  const little = ascii(tiff, 'II');
  if (!little && !ascii(tiff, 'MM')) return 1;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) return u16(entry + 8);
  }
  return 1;
}

/** An Exif segment holding the orientation and nothing else. */
function orientationOnly(orientation: number): Buffer {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF, first directory at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT, 1
    0x00,
    0x00,
    0x00,
    0x00, // no next directory
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary chunks that change how the image looks; every other ancillary chunk (text, eXIf, tIME…) is dropped. */
const PNG_KEPT = new Set([
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCV',
  'mDCv',
  'cLLI',
  'cLLi',
  'bKGD',
  'pHYs',
  'hIST',
  'sPLT',
  'acTL',
  'fcTL',
  'fdAT',
]);

class PngStripper implements MetadataStripper {
  private pending = Buffer.alloc(0);
  private state: 'signature' | 'header' | 'body' | 'done' = 'signature';
  private keep = false;
  private type = '';
  /** Bytes of the current chunk's data and CRC still to pass (or skip). */
  private remaining = 0;
  private width: number | null = null;
  private height: number | null = null;

  facts(): PhotoFacts {
    return { width: this.width, height: this.height };
  }

  push(data: Buffer): Buffer[] {
    const b = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: Buffer[] = [];
    let p = 0;
    for (;;) {
      if (this.state === 'done') {
        p = b.length;
        break;
      }
      if (this.state === 'signature') {
        if (b.length - p < 8) break;
        if (!b.subarray(p, p + 8).equals(PNG_SIGNATURE)) throw new DamagedImage('not a PNG');
        out.push(b.subarray(p, p + 8));
        p += 8;
        this.state = 'header';
        continue;
      }
      if (this.state === 'header') {
        if (b.length - p < 8) break;
        const length = b.readUInt32BE(p);
        const type = b.subarray(p + 4, p + 8).toString('latin1');
        if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw new DamagedImage('bad PNG chunk');
        if (type === 'IHDR') {
          if (length < 8 || b.length - p < 16) {
            if (length < 8) throw new DamagedImage('bad PNG header');
            break;
          }
          this.width = b.readUInt32BE(p + 8);
          this.height = b.readUInt32BE(p + 12);
        }
        // A critical chunk (capital first letter) is needed to draw the image, known or not.
        this.keep = type[0] === type[0]!.toUpperCase() || PNG_KEPT.has(type);
        this.type = type;
        this.remaining = length + 4;
        if (this.keep) out.push(b.subarray(p, p + 8));
        p += 8;
        this.state = 'body';
        continue;
      }
      // body
      const take = Math.min(this.remaining, b.length - p);
      if (take === 0 && this.remaining > 0) break;
      if (this.keep && take > 0) out.push(b.subarray(p, p + take));
      p += take;
      this.remaining -= take;
      if (this.remaining === 0) this.state = this.type === 'IEND' ? 'done' : 'header';
    }
    this.pending = Buffer.from(b.subarray(p));
    return out;
  }

  end(): Buffer[] {
    if (this.state !== 'done') throw new DamagedImage('the PNG stops before its end');
    return [];
  }
}
