/**
 * Real files for the attachment tests, made in code: a WAV recording (a header and samples), a JPEG photo with
 * camera and GPS Exif (a real image from jpeg-js, with an Exif segment written here the way a phone writes one),
 * a PNG with text and eXIf chunks, and a multipart body as a browser sends a file field.
 */
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

/** A mono 16-bit WAV: a tone whose samples follow `seed`, so each recording's bytes are its own. */
export function wav(seconds: number, seed = 1, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < samples; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const tone = Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000;
    data.writeInt16LE(Math.round(tone + ((state >>> 16) % 512) - 256), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A small real JPEG: a gradient, encoded by jpeg-js. */
export function plainJpeg(width = 32, height = 24): Buffer {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      pixels[at] = x * 8;
      pixels[at + 1] = y * 10;
      pixels[at + 2] = 128;
      pixels[at + 3] = 255;
    }
  return jpeg.encode({ data: pixels, width, height }, 90).data;
}

/** Words in the fixture's Exif that must never be stored. */
export const CAMERA_MAKE = 'HearthCam';
export const CAMERA_MODEL = 'Secret Model 9';

/**
 * An Exif APP1 segment as a phone writes one: Make, Model, Orientation, and a GPS directory placing the photo at
 * 51°30'N 0°7'W.
 */
export function exifSegment(orientation = 6): Buffer {
  const entries: { tag: number; type: number; count: number; value: Buffer }[] = [];
  const ascii = (text: string) => Buffer.from(`${text}\0`, 'latin1');
  const rationals = (...pairs: [number, number][]) => {
    const b = Buffer.alloc(pairs.length * 8);
    pairs.forEach(([n, d], i) => {
      b.writeUInt32BE(n, i * 8);
      b.writeUInt32BE(d, i * 8 + 4);
    });
    return b;
  };
  const short = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt16BE(n, 0);
    return b;
  };
  // IFD0: Make, Model, Orientation, GPS pointer (filled in below).
  entries.push({ tag: 0x010f, type: 2, count: CAMERA_MAKE.length + 1, value: ascii(CAMERA_MAKE) });
  entries.push({ tag: 0x0110, type: 2, count: CAMERA_MODEL.length + 1, value: ascii(CAMERA_MODEL) });
  entries.push({ tag: 0x0112, type: 3, count: 1, value: short(orientation) });
  const gps: typeof entries = [
    { tag: 0x0001, type: 2, count: 2, value: Buffer.from('N\0\0\0', 'latin1') },
    { tag: 0x0002, type: 5, count: 3, value: rationals([51, 1], [30, 1], [0, 1]) },
    { tag: 0x0003, type: 2, count: 2, value: Buffer.from('W\0\0\0', 'latin1') },
    { tag: 0x0004, type: 5, count: 3, value: rationals([0, 1], [7, 1], [0, 1]) },
  ];
  // Layout: header(8) | IFD0 | IFD0 data | GPS IFD | GPS data
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const dataSize = (list: typeof entries) => list.reduce((s, e) => s + (e.value.length > 4 ? e.value.length : 0), 0);
  const ifd0At = 8;
  const ifd0Count = entries.length + 1;
  const gpsAt = ifd0At + ifdSize(ifd0Count) + dataSize(entries);
  entries.push({ tag: 0x8825, type: 4, count: 1, value: Buffer.from([0, 0, 0, 0]) });
  entries[entries.length - 1]!.value.writeUInt32BE(gpsAt, 0);

  const write = (list: typeof entries, at: number): Buffer => {
    const table = Buffer.alloc(ifdSize(list.length));
    table.writeUInt16BE(list.length, 0);
    let dataAt = at + table.length;
    const data: Buffer[] = [];
    list.forEach((e, i) => {
      const o = 2 + i * 12;
      table.writeUInt16BE(e.tag, o);
      table.writeUInt16BE(e.type, o + 2);
      table.writeUInt32BE(e.count, o + 4);
      if (e.value.length <= 4) e.value.copy(table, o + 8);
      else {
        table.writeUInt32BE(dataAt, o + 8);
        data.push(e.value);
        dataAt += e.value.length;
      }
    });
    return Buffer.concat([table, ...data]);
  };
  const tiff = Buffer.concat([
    Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]),
    write(entries, ifd0At),
    write(gps, gpsAt),
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG as a phone sends it: Exif with camera and GPS, an XMP packet, a comment, and a trailer after the image. */
export function phoneJpeg(orientation = 6): Buffer {
  const image = plainJpeg();
  const segment = (marker: number, text: string) => {
    const body = Buffer.from(text, 'latin1');
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    image.subarray(0, 2),
    exifSegment(orientation),
    segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>'),
    segment(0xfe, `Shot on ${CAMERA_MODEL}`),
    image.subarray(2),
    Buffer.from(`MotionPhoto trailer ${CAMERA_MAKE}`, 'latin1'),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A 2×2 PNG carrying a text chunk with the camera and an eXIf chunk. */
export function phonePng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from(`Camera\0${CAMERA_MODEL}`, 'latin1')),
    pngChunk('eXIf', exifSegment().subarray(10)),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A multipart/form-data body as a browser sends a form with a file field (fields first, in page order). */
export function multipartBody(
  fields: [string, string][],
  file?: { name: string; filename: string; type: string; bytes: Buffer },
): { payload: Buffer; contentType: string } {
  const boundary = '----hearthTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Who made the fixture PDF, as a scanner writes it: words that must never be stored. */
export const PDF_AUTHOR = 'Maria Secret-Author';
export const PDF_PRODUCER = 'ScanCorp 9000 firmware';
const PDF_XMP_TOOL = 'HearthScan XMP Toolkit';

/**
 * A one-page PDF scan carrying its maker: document information (Title, Author, Subject, Keywords, Creator,
 * Producer, dates) and an XMP metadata stream naming the author and tool in plain text.
 */
export async function scanPdf(): Promise<Buffer> {
  const { PDFDocument, PDFName, PDFString } = await import('pdf-lib');
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Interview of Maria');
  doc.setAuthor(PDF_AUTHOR);
  doc.setSubject('Paper form');
  doc.setKeywords(['interview']);
  doc.setCreator('Scanner X');
  doc.setProducer(PDF_PRODUCER);
  doc.setCreationDate(new Date('2026-03-01T10:00:00Z'));
  doc.setModificationDate(new Date('2026-03-01T10:05:00Z'));
  doc.addPage([200, 280]).drawText('Story told on paper', { x: 20, y: 240, size: 12 });
  const xmp =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><dc:creator>${PDF_AUTHOR}</dc:creator><xmp:CreatorTool>${PDF_XMP_TOOL}</xmp:CreatorTool></rdf:Description></rdf:RDF>` +
    '</x:xmpmeta><?xpacket end="w"?>';
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  // A script run on opening, as some scanner software adds.
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The plain-text words of the fixture's XMP packet, to look for in stored bytes. */
export const PDF_XMP_WORDS = PDF_XMP_TOOL;

/**
 * A live WebM as MediaRecorder writes one, with one track of each type given (1 video, 2 audio) and two clusters of
 * one block each, the last beginning at `lastClusterMs`; with `sound` false, as a recorder stopped at once writes
 * it: its tracks and nothing after them.
 */
export function liveWebm(types: number[], lastClusterMs = 5000, sound = true): Buffer {
  const el = (id: number[], body: Buffer) => Buffer.concat([Buffer.from(id), Buffer.from([0x80 | body.length]), body]);
  const unknown = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const header = el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], Buffer.from('webm')));
  const entries = types.map((type, i) =>
    el([0xae], Buffer.concat([el([0xd7], Buffer.from([i + 1])), el([0x83], Buffer.from([type]))])),
  );
  return Buffer.concat([
    header,
    Buffer.from([0x18, 0x53, 0x80, 0x67]),
    unknown,
    el([0x16, 0x54, 0xae, 0x6b], Buffer.concat(entries)),
    ...(sound ? [0, lastClusterMs] : []).flatMap((ms) => {
      const timecode = Buffer.alloc(4);
      timecode.writeUInt32BE(ms);
      return [Buffer.from([0x1f, 0x43, 0xb6, 0x75]), unknown, el([0xe7], timecode), el([0xa3], Buffer.alloc(64, 7))];
    }),
  ]);
}
