/**
 * Decoding in the browser: any format the browser's Web Audio decoder reads, decoded by an
 * OfflineAudioContext running at the engine's rate (so the browser's resampler does the rate
 * change), then mixed to mono as librosa.to_mono does (the mean of the channels).
 *
 * Bounded memory: decodeAudioData holds the whole file decoded at its own rate, which for an
 * hour-long mix is over a gigabyte. A source longer than MAX_ANALYSIS_SEC is therefore cut
 * before decoding (the WAV header is rewritten; frame-based formats are cut by bytes in
 * proportion to the duration); the source description says so (source.cut), for the input
 * rules' warning (src/input/rules.ts).
 */
import { UserFacingError, type AudioDecoder, type DecodedAudio, type OpeningRequest } from '../state/ports.ts';
import { ENGINE_SR, MAX_ANALYSIS_SEC } from '../../input/rules.ts';
import { formatDuration } from '../../input/format.ts';
import { describePcm } from '../state/pcm.ts';
import { implausibleWavHeader, parseWavHeader, sliceWav } from './wav.ts';

/** Without a known duration, a compressed file is cut to this many bytes (>= 10 min at 320 kbit/s). */
const UNKNOWN_DURATION_BYTES = 24 * 1024 * 1024;
/**
 * Fewer bits a second than any real codec spends (Opus goes down to 6 kbit/s): a duration that
 * implies less comes from a damaged header (a FLAC claiming 1 Hz reads as 18 hours) and is not
 * believed, so the file is neither cut nor called long.
 */
const MIN_PLAUSIBLE_BITRATE = 4000;

export type SourceFormat = 'wav' | 'mp3' | 'flac' | 'ogg' | 'mp4' | 'webm' | 'unknown';

export function sniffFormat(head: Uint8Array): SourceFormat {
  const s = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (s(0, 4) === 'RIFF' && s(8, 12) === 'WAVE') return 'wav';
  if (s(0, 4) === 'fLaC') return 'flac';
  if (s(0, 4) === 'OggS') return 'ogg';
  if (s(4, 8) === 'ftyp') return 'mp4';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (s(0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'mp3';
  return 'unknown';
}

/** The duration the browser's media element reads from the file's headers; null if unknown or not believable. */
async function probeDuration(file: Blob): Promise<number | null> {
  const d = await mediaDuration(file);
  return d !== null && (file.size * 8) / d >= MIN_PLAUSIBLE_BITRATE ? d : null;
}

function mediaDuration(file: Blob, timeoutMs = 3000): Promise<number | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const audio = new Audio();
    const finish = (d: number | null) => {
      clearTimeout(timer);
      audio.removeAttribute('src');
      audio.load();
      URL.revokeObjectURL(url);
      resolve(d !== null && Number.isFinite(d) && d > 0 ? d : null);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    audio.preload = 'metadata';
    audio.addEventListener('loadedmetadata', () => finish(audio.duration), { once: true });
    audio.addEventListener('error', () => finish(null), { once: true });
    audio.src = url;
  });
}

function cannotDecode(name: string): UserFacingError {
  return new UserFacingError(
    `"${name}" could not be decoded as audio: it is not an audio file, or it is damaged, or its format is one this browser cannot read (MP3, WAV, FLAC, Ogg, Opus, M4A/AAC and WebM work).`,
  );
}

export function mixToMono(buffer: AudioBuffer, maxSamples: number): Float32Array {
  const n = Math.min(buffer.length, maxSamples);
  const channels = buffer.numberOfChannels;
  if (channels === 1) return buffer.getChannelData(0).slice(0, n);
  const out = new Float32Array(n);
  for (let c = 0; c < channels; c++) {
    const x = buffer.getChannelData(c);
    for (let i = 0; i < n; i++) out[i] += x[i];
  }
  const scale = 1 / channels;
  for (let i = 0; i < n; i++) out[i] *= scale;
  return out;
}

/** Formats whose byte prefix is itself decodable (frame-based, header first). */
const PREFIX_DECODABLE: readonly SourceFormat[] = ['wav', 'mp3', 'ogg', 'flac'];

async function decodeBytes(bytes: ArrayBuffer): Promise<AudioBuffer> {
  return new OfflineAudioContext(1, 1, ENGINE_SR).decodeAudioData(bytes);
}

export class WebAudioDecoder implements AudioDecoder {
  /** The opening `seconds` decoded from a byte prefix; null where that does not work. */
  private async opening(file: Blob, format: SourceFormat, head: Uint8Array, durationSec: number, seconds: number): Promise<DecodedAudio | null> {
    if (!PREFIX_DECODABLE.includes(format)) return null;
    try {
      let bytes: ArrayBuffer;
      if (format === 'wav') {
        const layout = parseWavHeader(head.buffer, file.size);
        if (!layout) return null;
        bytes = await sliceWav(file, layout, seconds);
      } else {
        bytes = await file.slice(0, Math.ceil(file.size * Math.min(1, (seconds / durationSec) * 1.15)) + 64 * 1024).arrayBuffer();
      }
      const pcm = mixToMono(await decodeBytes(bytes), Math.round(seconds * ENGINE_SR));
      if (pcm.length < seconds * ENGINE_SR * 0.9) return null;
      return { pcm, sr: ENGINE_SR, source: { sampleRate: null, channels: 1, durationSec, analysedSec: seconds, cut: true }, ...describePcm(pcm, ENGINE_SR) };
    } catch {
      return null;
    }
  }

  async decode(file: Blob, name: string, openingRequest?: OpeningRequest): Promise<DecodedAudio> {
    if (file.size === 0) throw new UserFacingError('This file is empty (0 bytes).');
    const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
    const format = sniffFormat(head);
    let bytes: ArrayBuffer;
    let sourceDurationSec: number | null;
    let cut = false;

    if (format === 'wav') {
      const layout = parseWavHeader(head.buffer, file.size);
      const implausible = layout && implausibleWavHeader(layout);
      if (implausible) throw new UserFacingError(`"${name}" is a damaged WAV file: ${implausible}.`);
      // what the header announces, so that a truncated file is told from a short one (as in the CLI)
      sourceDurationSec = layout ? (layout.announcedSec ?? layout.durationSec) : null;
      if (layout && layout.durationSec > MAX_ANALYSIS_SEC) {
        bytes = await sliceWav(file, layout, MAX_ANALYSIS_SEC);
        cut = true;
      } else {
        bytes = await file.arrayBuffer();
      }
    } else {
      sourceDurationSec = await probeDuration(file);
      if (sourceDurationSec !== null && sourceDurationSec > MAX_ANALYSIS_SEC) {
        // Frame-based formats decode from any prefix; a small margin covers a variable bit rate.
        const fraction = Math.min(1, (MAX_ANALYSIS_SEC / sourceDurationSec) * 1.1);
        bytes = await file.slice(0, Math.ceil(file.size * fraction) + 64 * 1024).arrayBuffer();
        cut = fraction < 1;
      } else if (sourceDurationSec === null && file.size > UNKNOWN_DURATION_BYTES) {
        bytes = await file.slice(0, UNKNOWN_DURATION_BYTES).arrayBuffer();
        cut = true;
      } else {
        bytes = await file.arrayBuffer();
      }
    }

    if (openingRequest && sourceDurationSec !== null && sourceDurationSec > openingRequest.ifLongerThanSec) {
      const opening = await this.opening(file, format, head, sourceDurationSec, openingRequest.seconds);
      if (opening) openingRequest.onOpening(opening);
    }

    let buffer: AudioBuffer;
    try {
      buffer = await decodeBytes(bytes);
    } catch {
      // A WAV's opening is a WAV with the same header: if it does not decode, nor would the whole.
      if (cut && format !== 'wav') {
        throw new UserFacingError(
          `"${name}" is ${sourceDurationSec ? formatDuration(sourceDurationSec) : 'very'} long and in a format whose opening cannot be decoded on its own; convert it to MP3 or WAV, or trim it to under ${MAX_ANALYSIS_SEC / 60} minutes.`,
        );
      }
      throw cannotDecode(name);
    }
    if (buffer.length === 0) throw cannotDecode(name);

    const maxSamples = MAX_ANALYSIS_SEC * ENGINE_SR;
    const pcm = mixToMono(buffer, maxSamples);
    const source = {
      sampleRate: null, // decodeAudioData resamples to the context's rate and does not say the source's
      channels: buffer.numberOfChannels,
      durationSec: sourceDurationSec,
      analysedSec: pcm.length / ENGINE_SR,
      cut: cut || buffer.length > maxSamples,
    };
    return { pcm, sr: ENGINE_SR, source, ...describePcm(pcm, ENGINE_SR) };
  }
}
