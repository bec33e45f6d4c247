/**
 * Node-side audio loading, the CLI's and the training tools' librosa.load: decode WAV, FLAC,
 * Ogg Vorbis or MP3 to float32 PCM, mix to mono (mean of channels, librosa.to_mono) and
 * resample to the engine's rate as librosa.load(res_type='kaiser_best') does (src/dsp/core/
 * resample.ts, the engine's one resampler; 7x faster here than libsamplerate's best sinc, which
 * took 24 s for ten minutes of 44.1 kHz audio).
 *
 * Bounded memory, by the input rules (src/input/rules.ts): files are read and decoded a chunk at
 * a time and mixed to mono as they go, and decoding stops after the opening MAX_ANALYSIS_SEC, so
 * an hour-long file costs what ten minutes cost. An empty file, one whose header is damaged and
 * one with no audio are refused with the reason in plain words; whether what decoded can be
 * analysed is the input rules' checkSource, which the CLI applies (src/cli/loadInput.ts).
 */
import { open } from 'node:fs/promises';
import { decoder as wavDecoder } from '@audio/decode-wav';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { resample } from '../dsp/core/resample.ts';
import { mp3AnnouncedSec } from './mp3Duration.ts';
import { checkFileSize, maxAnalysedSamples, MAX_SOURCE_SR, MIN_SOURCE_SR, type SourceDescription } from '../input/rules.ts';

export type AudioFormat = 'wav' | 'flac' | 'ogg' | 'mp3';

export class AudioDecodeError extends Error {
  override readonly name = 'AudioDecodeError';
}

export interface LoadedAudio {
  /** Mono samples at `sr`, float32 in [-1, 1]: the opening MAX_ANALYSIS_SEC at most. */
  y: Float32Array;
  sr: number;
  format: AudioFormat;
  source: SourceDescription;
}

/** Where the bytes come from: a file read a chunk at a time, or a buffer. */
interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const CHUNK_BYTES = 1 << 20;
const FORMAT_NAMES: Record<AudioFormat, string> = { wav: 'WAV', flac: 'FLAC', ogg: 'Ogg Vorbis', mp3: 'MP3' };

/** The container from the first bytes; null when it is none we decode. */
export function sniffFormat(bytes: Uint8Array): AudioFormat | null {
  const ascii = (from: number, n: number) => String.fromCharCode(...bytes.subarray(from, from + n));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  // MPEG audio frame sync: 11 set bits, layer bits not 00
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) return 'mp3';
  return null;
}

interface WavLayout {
  /** Bits per sample of integer PCM (format 1 or extensible); undefined for float. */
  integerBits?: number;
  /** Seconds the header announces. */
  durationSec: number | null;
}

/** WAV encodings the decoder reads: integer PCM, IEEE float, and the extensible form of either. */
const WAV_FORMATS = new Set([1, 3, 0xfffe]);
/** More channels than any real recording format carries: a header claiming them is damaged. */
const MAX_WAV_CHANNELS = 64;

/**
 * The fmt and data chunks of a WAV header (within the first bytes read). Refuses a header whose
 * claims would make the decoder allocate without bound or fail in its own words: an encoding it
 * does not read, no or absurdly many channels, an impossible sample rate.
 */
function wavLayout(head: Uint8Array): WavLayout {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let integerBits: number | undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= head.length; ) {
    const id = String.fromCharCode(...head.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= head.length) {
      const format = view.getUint16(at + 8, true);
      const channels = view.getUint16(at + 10, true);
      const rate = view.getUint32(at + 12, true);
      if (!WAV_FORMATS.has(format)) throw new AudioDecodeError(`it is a WAV in an encoding this tool does not decode (format code ${format}; PCM and float WAV work)`);
      if (channels < 1 || channels > MAX_WAV_CHANNELS) throw new AudioDecodeError(`its WAV header is damaged: it claims ${channels} channels`);
      if (rate < MIN_SOURCE_SR || rate > MAX_SOURCE_SR) throw new AudioDecodeError(`its WAV header is damaged: it claims a sample rate of ${rate} Hz`);
      byteRate = view.getUint32(at + 16, true);
      integerBits = format === 1 || format === 0xfffe ? view.getUint16(at + 22, true) : undefined;
    }
    if (id === 'data') return { integerBits, durationSec: byteRate > 0 && size < 0xffffffff ? size / byteRate : null };
    at += 8 + size + (size % 2);
  }
  return { integerBits, durationSec: null };
}

/** Integer PCM back onto libsndfile's scale (and so librosa's): sample / 2^(b-1) on both sides.
 * @audio/decode-wav divides positive samples by 2^(b-1) - 1, the FLAC decoder all samples. */
function toLibsndfileScale(channels: Float32Array[], bitDepth: number, format: 'wav' | 'flac'): void {
  const full = 2 ** (bitDepth - 1);
  for (const c of channels) {
    for (let i = 0; i < c.length; i++) {
      if (c[i] > 0 || format === 'flac') c[i] = Math.round(c[i] * (full - 1)) / full;
    }
  }
}

interface DecodedChunk {
  channelData: Float32Array[];
  sampleRate: number;
  bitDepth?: number;
}

/** One format's streaming decoder: chunks in, PCM out. */
interface StreamDecoder {
  decode(chunk: Uint8Array): Promise<DecodedChunk>;
  flush(): Promise<DecodedChunk>;
  free(): void;
}

const NOTHING: DecodedChunk = { channelData: [], sampleRate: 0 };

async function streamDecoder(format: AudioFormat): Promise<StreamDecoder> {
  switch (format) {
    case 'wav': {
      const d = wavDecoder();
      return { decode: async (c) => d.decode(c), flush: async () => d.flush(), free: () => d.free() };
    }
    case 'flac':
    case 'ogg': {
      const d = format === 'flac' ? new FLACDecoder() : new OggVorbisDecoder();
      await d.ready;
      return { decode: (c) => d.decode(c), flush: () => d.flush(), free: () => d.free() };
    }
    case 'mp3': {
      const d = new MPEGDecoder();
      await d.ready;
      return { decode: async (c) => withoutLibraryLog(() => d.decode(c)), flush: async () => NOTHING, free: () => d.free() };
    }
  }
}

/**
 * Runs a synchronous decoder call with mpg123-decoder's console.error lines dropped: it reports
 * each damaged frame there, which would reach the CLI's stderr as jargon; the frames it skips
 * are simply missing from the output, as in a browser.
 */
function withoutLibraryLog<T>(call: () => T): T {
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('mpg123-decoder:')) error(...args);
  };
  try {
    return call();
  } finally {
    console.error = error;
  }
}

/** Mono (the mean of the channels, librosa.to_mono) of the opening samples, collected chunk by chunk. */
class MonoCollector {
  private readonly parts: Float32Array[] = [];
  length = 0;
  sampleRate = 0;
  channels = 0;
  /** Decoded samples were left out past the opening. */
  overflowed = false;

  constructor(
    private readonly format: AudioFormat,
    private readonly integerBits: number | undefined,
  ) {}

  /** Takes a decoded chunk; false once the opening MAX_ANALYSIS_SEC is complete. */
  add(d: DecodedChunk): boolean {
    const n = d.channelData.length ? Math.min(...d.channelData.map((c) => c.length)) : 0;
    if (n === 0) return !this.full();
    if (this.sampleRate === 0) {
      this.sampleRate = d.sampleRate;
      this.channels = d.channelData.length;
    }
    const bits = d.bitDepth ?? this.integerBits;
    if (bits !== undefined && (this.format === 'wav' || this.format === 'flac')) toLibsndfileScale(d.channelData, bits, this.format);
    const take = Math.min(n, this.limit() - this.length);
    if (take < n) this.overflowed = true;
    const mono = new Float32Array(take);
    for (const c of d.channelData) for (let i = 0; i < take; i++) mono[i] += c[i];
    if (d.channelData.length > 1) for (let i = 0; i < take; i++) mono[i] /= d.channelData.length;
    this.parts.push(mono);
    this.length += take;
    return !this.full();
  }

  private limit(): number {
    return this.sampleRate > 0 ? maxAnalysedSamples(this.sampleRate) : Infinity;
  }

  full(): boolean {
    return this.length >= this.limit();
  }

  samples(): Float32Array {
    const y = new Float32Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      y.set(p, at);
      at += p.length;
    }
    return y;
  }
}

/** Decodes the opening of a source chunk by chunk: mono PCM at its own rate and what was learnt of it. */
async function decodeOpening(bytes: ByteSource): Promise<{ y: Float32Array; format: AudioFormat; source: SourceDescription }> {
  checkFileSize(bytes.size);
  const head = await bytes.read(0, Math.min(bytes.size, 64 * 1024));
  const format = sniffFormat(head);
  if (!format) throw new AudioDecodeError('not a recognised audio file (expected WAV, FLAC, Ogg Vorbis or MP3)');
  const wav = format === 'wav' ? wavLayout(head) : null;
  const collector = new MonoCollector(format, wav?.integerBits);
  const decoder = await streamDecoder(format);
  let consumed = 0;
  try {
    while (consumed < bytes.size && !collector.full()) {
      const chunk = await bytes.read(consumed, Math.min(CHUNK_BYTES, bytes.size - consumed));
      consumed += chunk.length;
      if (!collector.add(await decoder.decode(chunk))) break;
    }
    if (!collector.full()) collector.add(await decoder.flush());
  } catch (err) {
    // the decoders' own messages name their internals (DataView offsets, typed-array lengths): not for people
    if (collector.length === 0) throw new AudioDecodeError(`its ${FORMAT_NAMES[format]} data is damaged or cut short`, { cause: err });
    // a file damaged part-way: keep what decoded; the truncation warning says so when the header announced more
  } finally {
    decoder.free();
  }
  if (collector.length === 0 || collector.sampleRate === 0) throw new AudioDecodeError(`no ${FORMAT_NAMES[format]} audio could be decoded from it (damaged or not really ${FORMAT_NAMES[format]})`);
  const analysedSec = collector.length / collector.sampleRate;
  const cut = collector.overflowed || (collector.full() && consumed < bytes.size);
  const source: SourceDescription = {
    sampleRate: collector.sampleRate,
    channels: collector.channels,
    // a cut compressed file's length is estimated from the bytes it took to decode the opening
    durationSec: wav?.durationSec ?? (format === 'mp3' ? mp3AnnouncedSec(head) : null) ?? (cut ? (analysedSec * bytes.size) / consumed : analysedSec),
    analysedSec,
    cut,
  };
  return { y: collector.samples(), format, source };
}

/** Decodes an in-memory file to mono PCM at `sr` (default 22050 Hz, librosa's). */
export async function decodeAudio(bytes: Uint8Array, { sr = 22050 }: { sr?: number } = {}): Promise<LoadedAudio> {
  return finish(await decodeOpening({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) }), sr);
}

/** Reads and decodes a file a chunk at a time (the opening MAX_ANALYSIS_SEC at most) to mono PCM at `sr`. */
export async function loadAudioFile(path: string, { sr = 22050 }: { sr?: number } = {}): Promise<LoadedAudio> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const read = async (offset: number, length: number) => {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    };
    return finish(await decodeOpening({ size, read }), sr);
  } finally {
    await handle.close();
  }
}

/**
 * Decoded lossy audio overshoots full scale by at most about 1.5 (GTZAN's MP3s peak at 1.51);
 * damaged frames can decode to thousands. Samples are held to this bound (NaN set to 0) after
 * resampling, so one bad frame cannot swamp a track's features.
 */
const MAX_ABS_SAMPLE = 2;

function finish(d: { y: Float32Array; format: AudioFormat; source: SourceDescription }, sr: number): LoadedAudio {
  const from = d.source.sampleRate ?? sr;
  const y = from === sr ? d.y : resample({ y: d.y, origSr: from, targetSr: sr });
  for (let i = 0; i < y.length; i++) if (!(Math.abs(y[i]) <= MAX_ABS_SAMPLE)) y[i] = Number.isNaN(y[i]) ? 0 : Math.sign(y[i]) * MAX_ABS_SAMPLE;
  return { y, sr, format: d.format, source: d.source };
}
