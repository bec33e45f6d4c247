/**
 * Damaged audio files for the fuzz tests, made deterministically from real WAV, MP3, FLAC and Ogg
 * Vorbis bytes: truncations at many offsets (inside the header and in the payload), bit flips at
 * seeded positions in the header and in the payload, random garbage behind a valid magic number,
 * headers that claim huge (or zero) sizes, sample rates and channel counts, and files whose
 * extension lies about what they hold. Pure: the same source bytes give the same mutants, so a
 * failure names a case that can be made again.
 */
import { deflateSync } from 'node:zlib';

export type SourceFormat = 'wav' | 'mp3' | 'flac' | 'ogg';
export type MutationKind = 'truncated' | 'header-bit-flip' | 'payload-bit-flip' | 'garbage-after-magic' | 'huge-header-claim' | 'mislabelled' | 'zero-length';
export const MUTATION_KINDS: readonly MutationKind[] = ['truncated', 'header-bit-flip', 'payload-bit-flip', 'garbage-after-magic', 'huge-header-claim', 'mislabelled', 'zero-length'];

export interface Mutant {
  /** Unique and filename-safe, e.g. "flac.truncated.at-42": names the case in failures. */
  id: string;
  kind: MutationKind;
  /** The format of the bytes it was made from ('other' for text, PNG and empty files). */
  format: SourceFormat | 'other';
  /** The extension its file is given (a lie for mislabelled files). */
  ext: string;
  bytes: Uint8Array;
}

/** Real files to damage; a format missing (no ffmpeg to make it) is left out of every mutation. */
export type Sources = Partial<Record<SourceFormat, Uint8Array>>;

/** mulberry32: small, fast and seedable, so every mutant is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** Offset of the WAV's first sample byte: just past the data chunk's header. */
function wavPayloadStart(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 12; at + 8 <= b.length; at += 8 + v.getUint32(at + 4, true)) if (ascii(b, at, 4) === 'data') return at + 8;
  throw new Error('source WAV has no data chunk');
}

/** FLAC metadata blocks: offset, type (1 is PADDING) and whole length, up to the last one. */
function flacBlocks(b: Uint8Array): { at: number; type: number; length: number }[] {
  const blocks: { at: number; type: number; length: number }[] = [];
  for (let at = 4; at + 4 <= b.length; ) {
    const length = 4 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
    blocks.push({ at, type: b[at] & 0x7f, length });
    if (b[at] & 0x80) return blocks;
    at += length;
  }
  throw new Error('source FLAC has no last metadata block');
}

/** Ogg pages: each one's offset, length and granule position (the Vorbis headers' pages have granule 0). */
function oggPages(b: Uint8Array): { at: number; length: number; granule: bigint }[] {
  const pages: { at: number; length: number; granule: bigint }[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 0; at + 27 <= b.length && ascii(b, at, 4) === 'OggS'; ) {
    const segments = b[at + 26];
    let length = 27 + segments;
    for (let i = 0; i < segments; i++) length += b[at + 27 + i];
    pages.push({ at, length, granule: v.getBigUint64(at + 6, true) });
    at += length;
  }
  return pages;
}

function oggPayloadStart(b: Uint8Array): number {
  const audio = oggPages(b).find((p) => p.granule !== 0n);
  if (!audio) throw new Error('source Ogg has no audio page');
  return audio.at;
}

/** Offset of the first MPEG frame header: past the ID3v2 tag (its size is syncsafe, 7 bits a byte). */
function mp3FirstFrame(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== 'ID3') return 0;
  return 10 + ((b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]);
}

/** MPEG-1 Layer III frame length from its header (the source is 44.1 kHz MPEG-1). */
function mp3FrameLength(b: Uint8Array, at: number): number {
  const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][b[at + 2] >> 4];
  const sr = [44100, 48000, 32000][(b[at + 2] >> 2) & 3];
  if (b[at] !== 0xff || (b[at + 1] & 0xfe) !== 0xfa || !kbps || !sr) throw new Error(`source MP3 has no MPEG-1 Layer III frame at ${at}`);
  return Math.floor((144000 * kbps) / sr) + ((b[at + 2] >> 1) & 1);
}

/** Where the header ends (everything a decoder reads before the first audio): ID3, then the Xing/Info frame for MP3. */
export function payloadStart(format: SourceFormat, b: Uint8Array): number {
  switch (format) {
    case 'wav':
      return wavPayloadStart(b);
    case 'flac': {
      const last = flacBlocks(b).at(-1)!;
      return last.at + last.length;
    }
    case 'ogg':
      return oggPayloadStart(b);
    case 'mp3': {
      const first = mp3FirstFrame(b);
      return first + mp3FrameLength(b, first);
    }
  }
}

const OGG_CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/**
 * Recomputes an Ogg page's checksum after a patch, so the decoder reads the claim instead of
 * dropping the page as corrupt (a flip test covers that path).
 */
function fixOggCrc(b: Uint8Array, page: { at: number; length: number }): void {
  b.fill(0, page.at + 22, page.at + 26);
  let crc = 0;
  for (let i = page.at; i < page.at + page.length && i < b.length; i++) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ b[i]) & 0xff]) >>> 0;
  new DataView(b.buffer, b.byteOffset).setUint32(page.at + 22, crc, true);
}

const CRC32_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC32_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real 16 x 16 grey PNG: a well-formed file of the wrong kind. */
export function pngBytes(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 16);
  new DataView(ihdr.buffer).setUint32(4, 16);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows = new Uint8Array(16 * 17).map((_, i) => (i % 17 === 0 ? 0 : 128)); // filter byte 0, then pixels
  return concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(deflateSync(rows))), chunk('IEND', new Uint8Array(0)));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function flipBits(b: Uint8Array, from: number, to: number, count: number, seed: number): Uint8Array {
  const out = b.slice();
  const rand = rng(seed);
  for (let i = 0; i < count; i++) out[from + Math.floor(rand() * (to - from))] ^= 1 << Math.floor(rand() * 8);
  return out;
}

function randomBytes(n: number, seed: number): Uint8Array {
  const rand = rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
}

function patched(b: Uint8Array, edit: (out: Uint8Array, v: DataView) => void): Uint8Array {
  const out = b.slice();
  edit(out, new DataView(out.buffer));
  return out;
}

function truncations(format: SourceFormat, b: Uint8Array, header: number): Mutant[] {
  const headerCuts = [1, 2, 3, 4, 8, 12, 16, 24, 32, 44, header >> 2, header >> 1, (3 * header) >> 2, header - 1, header, header + 1];
  const payloadCuts = [0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99].map((f) => header + Math.floor((b.length - header) * f));
  const cuts = [...new Set([...headerCuts, ...payloadCuts, b.length - 1])].filter((n) => n > 0 && n < b.length).sort((x, y) => x - y);
  return cuts.map((n) => ({ id: `${format}.truncated.at-${n}`, kind: 'truncated', format, ext: format, bytes: b.slice(0, n) }));
}

/**
 * The header bytes a decoder interprets: all of it, except that a FLAC's PADDING block (ffmpeg
 * writes 8 kB of zeros) is skipped, so that flips land where they can matter.
 */
function interpretedHeaderEnd(format: SourceFormat, b: Uint8Array, header: number): number {
  if (format !== 'flac') return header;
  return flacBlocks(b).find((block) => block.type === 1)?.at ?? header;
}

function headerFlips(format: SourceFormat, b: Uint8Array, header: number): Mutant[] {
  const end = interpretedHeaderEnd(format, b, header);
  const single = Array.from({ length: 12 }, (_, i) => ({ count: 1, seed: 100 + i }));
  const several = [{ count: 8, seed: 200 }, { count: 8, seed: 201 }];
  return [...single, ...several].map(({ count, seed }) => ({
    id: `${format}.header-bit-flip.${count}x-seed-${seed}`,
    kind: 'header-bit-flip',
    format,
    ext: format,
    bytes: flipBits(b, 0, end, count, seed),
  }));
}

function payloadFlips(format: SourceFormat, b: Uint8Array, header: number): Mutant[] {
  const n = b.length - header;
  const plans = [
    { count: 1, seed: 300 },
    { count: 1, seed: 301 },
    { count: 1, seed: 302 },
    { count: 16, seed: 310 },
    { count: 16, seed: 311 },
    { count: 16, seed: 312 },
    { count: Math.ceil(n / 100), seed: 320 },
    { count: Math.ceil(n / 100), seed: 321 },
    { count: Math.ceil(n / 10), seed: 330 },
  ];
  return plans.map(({ count, seed }) => ({
    id: `${format}.payload-bit-flip.${count}x-seed-${seed}`,
    kind: 'payload-bit-flip',
    format,
    ext: format,
    bytes: flipBits(b, header, b.length, count, seed),
  }));
}

/** The bytes that make a sniffer say "this is <format>". */
const MAGIC_LENGTH: Record<SourceFormat, number> = { wav: 12, flac: 4, ogg: 4, mp3: 3 };

function garbage(format: SourceFormat, b: Uint8Array, header: number): Mutant[] {
  const magic = b.subarray(0, MAGIC_LENGTH[format]);
  const cases: [string, Uint8Array][] = [
    ['magic-then-noise', concat(magic, randomBytes(b.length - magic.length, 400))],
    ['magic-then-short-noise', concat(magic, randomBytes(200, 401))],
    ['header-then-noise', concat(b.subarray(0, header), randomBytes(b.length - header, 402))],
    ['noise-block-mid-payload', patched(b, (out) => out.set(randomBytes(Math.min(4096, (b.length - header) >> 2), 403), header + ((b.length - header) >> 1)))],
  ];
  return cases.map(([what, bytes]) => ({ id: `${format}.garbage-after-magic.${what}`, kind: 'garbage-after-magic', format, ext: format, bytes }));
}

type Claim = [string, (out: Uint8Array, v: DataView) => void];

/** encodePcm16's layout: fmt chunk at 12, data chunk at 36. */
function wavClaims(): Claim[] {
  return [
    ['riff-size-4gb', (_, v) => v.setUint32(4, 0xffffffff, true)],
    ['fmt-size-4gb', (_, v) => v.setUint32(16, 0xfffffff0, true)],
    ['format-code-unknown', (_, v) => v.setUint16(20, 0xabcd, true)],
    ['format-code-float-16-bit', (_, v) => v.setUint16(20, 3, true)],
    ['channels-0', (_, v) => v.setUint16(22, 0, true)],
    ['channels-65535', (_, v) => v.setUint16(22, 65535, true)],
    ['sample-rate-0', (_, v) => v.setUint32(24, 0, true)],
    ['sample-rate-1', (_, v) => v.setUint32(24, 1, true)],
    ['sample-rate-4g', (_, v) => v.setUint32(24, 0xffffffff, true)],
    ['block-align-0', (_, v) => v.setUint16(32, 0, true)],
    ['bits-0', (_, v) => v.setUint16(34, 0, true)],
    ['bits-65535', (_, v) => v.setUint16(34, 65535, true)],
    ['data-size-2gb', (_, v) => v.setUint32(40, 0x7ffffff0, true)],
    ['data-size-4gb', (_, v) => v.setUint32(40, 0xffffffff, true)],
  ];
}

/** STREAMINFO sits at 8..42: block sizes, frame sizes, then 20 bits of rate, 3 of channels-1, 5 of bits-1, 36 of samples. */
function flacClaims(): Claim[] {
  const setRate = (out: Uint8Array, hz: number) => {
    out[18] = (hz >> 12) & 0xff;
    out[19] = (hz >> 4) & 0xff;
    out[20] = ((hz & 0xf) << 4) | (out[20] & 0x0f);
  };
  return [
    ['metadata-length-16mb', (out) => out.set([0xff, 0xff, 0xff], 5)],
    ['metadata-type-invalid', (out) => (out[4] = (out[4] & 0x80) | 0x7f)],
    ['block-size-0', (out) => out.set([0, 0, 0, 0], 8)],
    ['block-size-65535', (out) => out.set([0xff, 0xff, 0xff, 0xff], 8)],
    ['sample-rate-0', (out) => setRate(out, 0)],
    ['sample-rate-1', (out) => setRate(out, 1)],
    ['sample-rate-1mhz', (out) => setRate(out, 0xfffff)],
    ['channels-8', (out) => (out[20] |= 0x0e)],
    [
      'bits-32',
      (out) => {
        out[20] |= 0x01;
        out[21] |= 0xf0;
      },
    ],
    ['total-samples-2^36', (out) => out.set([out[21] | 0x0f, 0xff, 0xff, 0xff, 0xff], 21)],
  ];
}

/** Page 0 holds the Vorbis identification packet at 28: type, "vorbis", version, channels (39), rate (40), bit rates, block sizes (56). */
function oggClaims(b: Uint8Array): Claim[] {
  if (b[26] !== 1 || b[28] !== 1 || ascii(b, 29, 6) !== 'vorbis') throw new Error('source Ogg does not start with a one-segment identification page');
  const pages = oggPages(b);
  const first = pages[0];
  const last = pages[pages.length - 1];
  const onFirst =
    (edit: Claim[1]): Claim[1] =>
    (out, v) => {
      edit(out, v);
      fixOggCrc(out, first);
    };
  return [
    ['channels-0', onFirst((out) => (out[39] = 0))],
    ['channels-255', onFirst((out) => (out[39] = 255))],
    ['sample-rate-0', onFirst((_, v) => v.setUint32(40, 0, true))],
    ['sample-rate-1', onFirst((_, v) => v.setUint32(40, 1, true))],
    ['sample-rate-4g', onFirst((_, v) => v.setUint32(40, 0xffffffff, true))],
    ['block-sizes-2^15', onFirst((out) => (out[56] = 0xff))],
    ['block-sizes-0', onFirst((out) => (out[56] = 0x00))],
    ['segment-count-255', onFirst((out) => (out[26] = 255))],
    [
      'last-granule-2^63',
      (out, v) => {
        v.setBigUint64(last.at + 6, 0x7fffffffffffffffn, true);
        fixOggCrc(out, last);
      },
    ],
  ];
}

function mp3Claims(b: Uint8Array): Claim[] {
  const frame = mp3FirstFrame(b);
  const xing = Math.max(ascii(b, frame, 64).indexOf('Xing'), ascii(b, frame, 64).indexOf('Info'));
  const claims: Claim[] = [
    ['id3-size-256mb', (out) => out.set([0x7f, 0x7f, 0x7f, 0x7f], 6)],
    ['id3-size-0', (out) => out.set([0, 0, 0, 0], 6)],
    ['first-frame-bitrate-bad', (out) => (out[frame + 2] |= 0xf0)],
    ['first-frame-sample-rate-reserved', (out) => (out[frame + 2] |= 0x0c)],
    ['first-frame-layer-reserved', (out) => (out[frame + 1] &= 0xf9)],
  ];
  if (xing >= 0) {
    // Xing/Info: flags (frames 1, bytes 2), then the frame count and the byte count
    const at = frame + xing;
    claims.push([
      'xing-frames-4g',
      (_, v) => {
        v.setUint32(at + 4, 3);
        v.setUint32(at + 8, 0xffffffff);
        v.setUint32(at + 12, 0x7fffffff);
      },
    ]);
  }
  return claims;
}

function claims(format: SourceFormat, b: Uint8Array): Mutant[] {
  const list = format === 'wav' ? wavClaims() : format === 'flac' ? flacClaims() : format === 'ogg' ? oggClaims(b) : mp3Claims(b);
  return list.map(([what, edit]) => ({ id: `${format}.huge-header-claim.${what}`, kind: 'huge-header-claim', format, ext: format, bytes: patched(b, edit) }));
}

/** Files whose extension lies: real audio under another format's name, and non-audio under audio names. */
function mislabelled(sources: Sources): Mutant[] {
  const text = new TextEncoder().encode('This is a text file, not a recording.\n'.repeat(100));
  const html = new TextEncoder().encode('<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n');
  const disguised = (format: SourceFormat, ext: string): [SourceFormat, string, Uint8Array, string][] => {
    const bytes = sources[format];
    return bytes ? [[format, ext, bytes, `${format}-as-${ext}`]] : [];
  };
  const cases: [SourceFormat | 'other', string, Uint8Array, string][] = [
    ...disguised('ogg', 'mp3'),
    ...disguised('flac', 'ogg'),
    ...disguised('wav', 'flac'),
    ...disguised('mp3', 'wav'),
    ['other', 'wav', text, 'text-as-wav'],
    ['other', 'flac', pngBytes(), 'png-as-flac'],
    ['other', 'mp3', html, 'html-as-mp3'],
    ['other', 'ogg', randomBytes(20_000, 500), 'noise-as-ogg'],
  ];
  return cases.map(([format, ext, bytes, what]) => ({ id: `mislabelled.${what}`, kind: 'mislabelled', format, ext, bytes }));
}

function zeroLength(): Mutant[] {
  return (['wav', 'mp3', 'flac', 'ogg'] as const).map((ext) => ({ id: `zero-length.${ext}`, kind: 'zero-length', format: 'other', ext, bytes: new Uint8Array(0) }));
}

/** Every mutant of every source (about 60 a format), plus the mislabelled and empty files. */
export function mutants(sources: Sources): Mutant[] {
  const perFormat = (['wav', 'mp3', 'flac', 'ogg'] as const).flatMap((format) => {
    const b = sources[format];
    if (!b) return [];
    const header = payloadStart(format, b);
    return [...truncations(format, b, header), ...headerFlips(format, b, header), ...payloadFlips(format, b, header), ...garbage(format, b, header), ...claims(format, b)];
  });
  return [...perFormat, ...mislabelled(sources), ...zeroLength()];
}

/**
 * A sample that still covers every kind and format: `perGroup` mutants of each (format, kind),
 * spread evenly over the group (so a group's first and last cases are in).
 */
export function sample(all: readonly Mutant[], perGroup: number): Mutant[] {
  const groups = new Map<string, Mutant[]>();
  for (const m of all) groups.set(`${m.format}/${m.kind}`, [...(groups.get(`${m.format}/${m.kind}`) ?? []), m]);
  return [...groups.values()].flatMap((g) => {
    if (g.length <= perGroup) return g;
    return Array.from({ length: perGroup }, (_, i) => g[Math.round((i * (g.length - 1)) / Math.max(1, perGroup - 1))]);
  });
}

/**
 * Why a message is not one a user can act on (null when it is): it must be one line of plain
 * words, not a stack trace, an errno code, a JavaScript type error or a decoder's internals.
 */
export function unclearReason(message: string): string | null {
  if (message.trim().length === 0) return 'empty';
  if (/[\r\n]/.test(message)) return 'more than one line';
  if (message.length > 300) return 'longer than 300 characters';
  const jargon = [
    /\bat \S+ \(|\.[cm]?[jt]s:\d+/, // a stack frame
    /\bE[A-Z]{3,}\b/, // ENOENT, EACCES, ...
    /\b\w*Error\b:?/, // TypeError: ..., RangeError
    /\b(undefined|null|NaN|Infinity)\b|\[object /,
    /DataView|typed array|ArrayBuffer|Uint8Array|out(side)? of (the )?bounds|offset is outside/i,
    /wasm|WebAssembly|unreachable|abort\(|MPG123|memory access/i,
    /0x[0-9a-f]+/i,
  ];
  const hit = jargon.find((j) => j.test(message));
  return hit ? `jargon (${hit.source})` : null;
}
