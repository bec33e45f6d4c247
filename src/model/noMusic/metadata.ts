/**
 * The no-music detector's fitted parameters (public/models/no-music/metadata.json, written by
 * training/calibrateNoMusic.ts): the signal thresholds for each mel configuration it reads, the
 * speech direction on musicnn's embedding, and the share of a track's windows that makes the track
 * "not music". Validated before use, like the other models' metadata.
 */
import { checkFormat } from '../metadata.ts';
import { MetadataError, num, numArray, obj, type Json } from '../jsonChecks.ts';

/** Thresholds of the signal descriptors (src/model/noMusic/signal.ts) for one mel configuration. */
export interface SignalThresholds {
  /** A window whose loudest mel bin is below this (dB) is near silence. */
  quietPeakDb: number;
  /** Below this, the spectrum holds still: steady noise, tone or hum. */
  steadyChangeDb: number;
  /** A steady spectrum smoother than this (dB), or flickering more than noiseFlickerDb, is noise; otherwise tones or hum (reason only). */
  tonalUnevenDb: number;
  noiseFlickerDb: number;
  /** Above this, one tone at a time carries the frames (sweeps, stepped tones). */
  singleTonePeakShare: number;
  /** Above this, the window is mostly gaps between clicks or beeps. */
  clicksGapShare: number;
  /** A steady tonal window whose strongest band is below this (Hz) is hum (reason only). */
  humBelowHz: number;
}

export interface NoMusicMetadata {
  format: 'genrescope-no-music';
  version: 1;
  /** Per mel configuration: "cnn" (the quick stage) and "musicnn" (the final stage). */
  signal: { cnn: SignalThresholds; musicnn: SignalThresholds };
  /** score = weights . embedding + bias, in standard deviations of train music's patches from their mean. */
  speech: { weights: number[]; bias: number; threshold: number };
  /** A track is not music when at least this share of its non-silent windows is flagged. */
  trackShare: number;
}

function thresholds(v: unknown, what: string): SignalThresholds {
  const o = obj(v, what);
  const keys = ['quietPeakDb', 'steadyChangeDb', 'tonalUnevenDb', 'noiseFlickerDb', 'singleTonePeakShare', 'clicksGapShare', 'humBelowHz'] as const;
  return Object.fromEntries(keys.map((k) => [k, num(o, k, what)])) as unknown as SignalThresholds;
}

export function parseNoMusicMetadata(v: unknown): NoMusicMetadata {
  const what = 'no-music metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-no-music', what);
  const signal = obj(o.signal, `${what}.signal`);
  const speech: Json = obj(o.speech, `${what}.speech`);
  const trackShare = num(o, 'trackShare', what);
  if (trackShare <= 0 || trackShare > 1) throw new MetadataError(`${what}.trackShare must be in (0, 1]`);
  // its length is musicnn's embedding size, checked where the two meet (src/model/noMusic/speech.ts)
  const weights = Array.isArray(speech.weights) ? speech.weights.length : 0;
  return {
    format: 'genrescope-no-music',
    version: 1,
    signal: { cnn: thresholds(signal.cnn, `${what}.signal.cnn`), musicnn: thresholds(signal.musicnn, `${what}.signal.musicnn`) },
    speech: { weights: numArray(speech, 'weights', Math.max(1, weights), `${what}.speech`), bias: num(speech, 'bias', `${what}.speech`), threshold: num(speech, 'threshold', `${what}.speech`) },
    trackShare,
  };
}
