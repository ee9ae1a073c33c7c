/**
 * Whether a recording holds any sound after its headers. A WAV of only its 44-byte header, a FLAC of only its
 * metadata, an MP4 with no media data or a WebM whose recorder stopped before its first block all read as audio
 * (music-metadata finds the format; a WAV's header may even claim minutes of samples that are not there), yet play
 * nothing. Read from the file's first bytes and its size: true, false, or undefined when the head cannot tell (the
 * sound then lies past it, so the file is taken as sound).
 */
import { webmFirstBlock } from './webm-tracks.ts';

const ascii = (b: Uint8Array, at: number, length: number) =>
  Buffer.from(b.subarray(at, at + length)).toString('latin1');

/** RIFF chunks up to "data": samples are whatever of the file follows its header. */
function wavFrames(head: Uint8Array, size: number): boolean | undefined {
  if (!['RIFF', 'RF64'].includes(ascii(head, 0, 4)) || ascii(head, 8, 4) !== 'WAVE') return undefined;
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  let frame = 1;
  for (let at = 12; at + 8 <= head.length;) {
    const id = ascii(head, at, 4);
    const length = view.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 22 <= head.length) frame = Math.max(1, view.readUInt16LE(at + 20)); // block align
    if (id === 'data') return size - (at + 8) >= frame;
    at += 8 + length + (length % 2);
  }
  return undefined;
}

/** FLAC metadata blocks: the audio frames follow the last one. */
function flacFrames(head: Uint8Array, size: number): boolean | undefined {
  if (ascii(head, 0, 4) !== 'fLaC') return undefined;
  for (let at = 4; at + 4 <= head.length;) {
    const last = (head[at]! & 0x80) !== 0;
    at += 4 + ((head[at + 1]! << 16) | (head[at + 2]! << 8) | head[at + 3]!);
    if (last) return size > at;
  }
  return undefined;
}

/** An MP4's top-level boxes: its sound is in an "mdat" box with something in it. */
function mp4Frames(head: Uint8Array, size: number): boolean | undefined {
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  for (let at = 0; at + 8 <= size;) {
    if (at + 8 > head.length) return undefined;
    let length = view.readUInt32BE(at);
    let header = 8;
    if (length === 1) {
      if (at + 16 > head.length) return undefined;
      length = Number(view.readBigUInt64BE(at + 8));
      header = 16;
    }
    if (length === 0) length = size - at; // the last box, to the end of the file
    if (length < header) return false; // not boxes after all: nothing to play
    if (ascii(head, at + 4, 4) === 'mdat' && length > header) return true;
    at += length;
  }
  return false;
}

export function soundAfterHeaders(mediaType: string, head: Uint8Array, size: number): boolean | undefined {
  switch (mediaType) {
    case 'audio/wav':
      return wavFrames(head, size);
    case 'audio/flac':
      return flacFrames(head, size);
    case 'audio/mp4':
      return mp4Frames(head, size);
    case 'audio/webm': {
      const block = webmFirstBlock(head);
      // A head that is the whole file and holds no block has no sound; a longer file may have it further on.
      return block ? true : block === false && size <= head.length ? false : undefined;
    }
    default:
      return undefined;
  }
}
