/**
 * The input rules, one set for the page's worker and the CLI: what can be analysed at all
 * (InputRejected, with the reason in plain words), how much of a long source is analysed, and
 * the warnings a source's description earns (downmixed, cut, truncated, shorter than a model
 * window). Same file, same verdict, page or CLI. Signal warnings are in ./signalWarnings.ts.
 */
import { formatDuration } from './format.ts';

/** The engine's sample rate (librosa's default): every source is analysed at this rate. */
export const ENGINE_SR = 22050;
/** Shorter than this cannot be analysed (the STFT needs a few frames). */
export const MIN_ANALYSIS_SEC = 0.5;
/** One model window; shorter clips are padded and the answer is a weaker guess. */
export const MODEL_WINDOW_SEC = 3;
/** The longest stretch analysed: the opening 10 minutes of anything longer (bounded memory and time). */
export const MAX_ANALYSIS_SEC = 600;
/** Source sample rates outside this range are refused: no real recording has them, a damaged header does. */
export const MIN_SOURCE_SR = 1000;
export const MAX_SOURCE_SR = 768_000;
/** Channels beyond a stereo pair are still mixed to mono, with a warning (surround mixes lose their balance). */
export const MAX_CHANNELS_WITHOUT_WARNING = 2;

export type InputWarningCode = 'narrow-band' | 'clipping' | 'low-level' | 'downmixed' | 'short' | 'cut' | 'truncated';

export interface InputWarning {
  code: InputWarningCode;
  message: string;
}

export type RejectionCode = 'empty' | 'no-audio' | 'too-short' | 'sample-rate';

/** This source cannot be analysed; `message` says why, for people. */
export class InputRejected extends Error {
  override readonly name = 'InputRejected';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the decoder learnt about a source besides its samples. */
export interface SourceDescription {
  /** The source's own sample rate, where the decoder knows it (the page's Web Audio decoder does not). */
  sampleRate: number | null;
  channels: number;
  /** The whole source's duration (announced by its header, or estimated), where known. */
  durationSec: number | null;
  /** Seconds decoded and analysed. */
  analysedSec: number;
  /** Only the opening MAX_ANALYSIS_SEC were decoded. */
  cut: boolean;
}

/** Refuses an empty file (0 bytes). */
export function checkFileSize(bytes: number): void {
  if (bytes === 0) throw new InputRejected('empty', 'the file is empty (0 bytes)');
}

/** Refuses what cannot be analysed: no channels, an impossible sample rate, too few samples. */
export function checkSource(s: SourceDescription): void {
  if (s.channels < 1 || s.analysedSec <= 0) throw new InputRejected('no-audio', 'the file holds no audio samples');
  if (s.sampleRate !== null && !(s.sampleRate >= MIN_SOURCE_SR && s.sampleRate <= MAX_SOURCE_SR)) {
    throw new InputRejected('sample-rate', `its sample rate (${s.sampleRate} Hz) is outside what audio uses (${MIN_SOURCE_SR} Hz to ${MAX_SOURCE_SR / 1000} kHz)`);
  }
  if (s.analysedSec < MIN_ANALYSIS_SEC) {
    // rounded down, so that 0.497 s does not read as the 0.50 s it falls short of
    throw new InputRejected('too-short', `too short to analyse: ${(Math.floor(s.analysedSec * 100) / 100).toFixed(2)} s of audio (at least ${MIN_ANALYSIS_SEC} s needed)`);
  }
}

/** Samples to decode at most from a source at `sr`. */
export function maxAnalysedSamples(sr: number): number {
  return Math.round(MAX_ANALYSIS_SEC * sr);
}

/** A decoded length this much shorter than the announced one means the file is damaged or truncated. */
function looksTruncated(s: SourceDescription): boolean {
  return !s.cut && s.durationSec !== null && s.analysedSec < s.durationSec * 0.9 - 0.5;
}

/** The warnings a source's description earns, in a fixed order. */
export function sourceWarnings(s: SourceDescription): InputWarning[] {
  const out: InputWarning[] = [];
  if (s.channels > MAX_CHANNELS_WITHOUT_WARNING) {
    out.push({ code: 'downmixed', message: `${s.channels} channels were mixed down to one: a surround mix loses its balance, so the answer may differ from the stereo version.` });
  }
  if (s.cut) {
    const of = s.durationSec !== null ? ` of ${formatDuration(s.durationSec)}` : ' of a longer file';
    out.push({ code: 'cut', message: `Only the first ${formatDuration(s.analysedSec)}${of} were analysed: long files are cut so memory and time stay bounded.` });
  } else if (looksTruncated(s)) {
    out.push({ code: 'truncated', message: `The file seems truncated or damaged: only ${formatDuration(s.analysedSec)} of the ${formatDuration(s.durationSec ?? 0)} it announces could be decoded.` });
  }
  if (s.analysedSec < MODEL_WINDOW_SEC) {
    out.push({ code: 'short', message: `Short clip (${s.analysedSec.toFixed(1)} s): shorter than one ${MODEL_WINDOW_SEC}-second model window, so the genre is a rough guess.` });
  }
  return out;
}
