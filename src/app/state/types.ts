/**
 * The app's state types: what the store holds and the components draw. Display data is derived
 * from the worker's TrackAnalysis once (pooled for drawing) so it can also be kept in IndexedDB.
 * Genre results are their own slice: they may arrive with the features or after them.
 */
import type { Verdict } from '../../model/verdict.ts';
import type { InputWarning } from '../../input/rules.ts';
import type { AnalysisStage, KeyEstimate } from '../../analysis/types.ts';
import type { Matrix } from '../../dsp/matrix.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_GENRES, type Genre } from '../../dsp/gtzan/columns.ts';

export { GTZAN_FEATURE_NAMES, GTZAN_GENRES };
export type { Genre, KeyEstimate, Matrix };

/** Probabilities over the ten genres, in GTZAN_GENRES order, summing to 1. */
export type GenreProbabilities = readonly number[];

export interface TimelineEntry {
  /** Seconds from the start of the track. */
  start: number;
  end: number;
  probabilities: GenreProbabilities;
  /** This window does not sound like music (silence included; absent in older results). */
  noMusic?: boolean;
}

/** The inference backend the models ran on (tfjs names); anything but 'webgl' gets a visible note. */
export type InferenceBackend = 'webgl' | 'cpu' | 'wasm' | (string & {});

/** What musicnn hears (its MSD tags): over the whole track and per 3 s patch. */
export interface TagsResult {
  tagSet: string;
  names: string[];
  /** Mean probability of each tag over the track (names order). */
  mean: number[];
  /** The taggram: one patch per entry, `values` in names order. */
  patches: { start: number; end: number; values: number[] }[];
}

/** The models' answer for one track. */
export interface GenreResult {
  /** 'no-music': silence, noise, tones, speech...: no genre is claimed. */
  status: 'ok' | 'no-music';
  /** Why it does not sound like music, in plain words (absent for music and in older results). */
  noMusicReason?: string;
  /** The answer in words, as the CLI prints it (src/model/verdict.ts; absent in older results). */
  verdict?: Verdict;
  /** 'quick': the CNN and the table model so far; 'final': refined with musicnn (absent in older results: final). */
  stage?: 'quick' | 'final';
  /** The ensemble. */
  probabilities: GenreProbabilities;
  /** Each model's own view (absent where a model did not run). */
  models: { head?: GenreProbabilities; cnn?: GenreProbabilities; table?: GenreProbabilities };
  /** Per-window probabilities along the track (the CNN's windows, then musicnn's patches once final). */
  timeline: TimelineEntry[];
  /** musicnn's tags (final stage only). */
  tags?: TagsResult;
  /**
   * musicnn's 200-unit track embedding (final stage only; absent for quick answers and older
   * results): kept so the history can say which tracks sound alike. A plain array, so history
   * entries and JSON stay simple.
   */
  embedding?: number[];
  /** Why musicnn did not refine the answer (it could not load or run). */
  refineError?: string;
  /** Shorter than one model window: padded, so the answer is a weaker guess. */
  shortClip: boolean;
  backend: InferenceBackend;
  /** Why the models ran on `backend` (absent in results from before it was recorded). */
  backendChoice?: BackendWhy;
}

/** The worker's backend choice (src/model/backend.ts BackendChoice), as results keep it. */
export interface BackendWhy {
  requested: 'auto' | 'webgl' | 'cpu';
  /** The WebGL renderer where the worker looked at it. */
  renderer: string | null;
  /** Backends passed over before `backend`, and why. */
  skipped: { backend: string; code: string; reason: string }[];
}

/** Pipeline stages as the progress bar names them: decoding, the worker's analysis stages, the models. */
export type PipelineStage = 'decode' | AnalysisStage | 'model';

export const DESCRIPTOR_NAMES = ['spectralCentroid', 'spectralBandwidth', 'spectralRolloff', 'spectralFlux', 'zeroCrossingRate', 'rms'] as const;
export type DescriptorName = (typeof DESCRIPTOR_NAMES)[number];

/** Min/max envelope of the waveform, one pair per bucket, for drawing without the PCM. */
export interface WaveformEnvelope {
  min: Float32Array;
  max: Float32Array;
  durationSec: number;
}

/** What the result panels draw and the exports write: a TrackAnalysis reduced for display. */
export interface TrackResult {
  sr: number;
  hopLength: number;
  nSamples: number;
  durationSec: number;
  waveform: WaveformEnvelope;
  /** Mel dB (bands x columns), columns pooled to at most MAX_DISPLAY_COLUMNS. */
  melDb: Matrix;
  /** 12 pitch classes from C x columns, pooled like melDb. */
  chroma: Matrix;
  /** Seconds one displayed column (and descriptor point) covers. */
  secondsPerColumn: number;
  /** Per-frame descriptors, pooled like melDb. */
  descriptors: Record<DescriptorName, Float32Array>;
  /** Means over the whole (unpooled) analysis. */
  descriptorMeans: Record<DescriptorName, number>;
  tempo: number;
  beatTimes: number[];
  key: KeyEstimate;
  tuning: number;
  /** The 57 GTZAN table features in GTZAN_FEATURE_NAMES order. */
  gtzanFeatures: number[];
  /** Which engine ran the harmonic/percussive pass (absent in results kept from before it was recorded). */
  separationEngine?: 'wasm' | 'js';
}

export type TrackSource = 'file' | 'microphone' | 'demo';
/**
 * 'decoding' and 'queued' wait their turn (the queue), 'analysing' is in the engine; 'error': the
 * file was refused; 'cancelled': by the user; 'interrupted': the analysis stopped before its end
 * (a failure mid-way, or the page closed or reloaded) and can be run again.
 */
export type TrackStatus = 'decoding' | 'queued' | 'analysing' | 'done' | 'error' | 'cancelled' | 'interrupted';

export type GenreSlice =
  | { status: 'pending' }
  | { status: 'ready'; result: GenreResult }
  | { status: 'unavailable'; message: string };

export interface Track {
  id: string;
  name: string;
  source: TrackSource;
  /** ms since the epoch. */
  addedAt: number;
  status: TrackStatus;
  stage: PipelineStage;
  /** 0..1 over the whole pipeline. */
  progress: number;
  /** What `stage` and `progress` describe: a long track's quick look at its opening, or the whole track. */
  progressScope: 'opening' | 'track';
  /** Object URL of the audio for playback; null when restored from history (audio is never kept). */
  audioUrl: string | null;
  /** The source's full duration where known (it may be longer than what was analysed). */
  sourceDurationSec: number | null;
  /** The input warnings shown with the result (src/input: a part analysed, a truncated file, a short clip, narrow band...). */
  warnings: InputWarning[];
  result: TrackResult | null;
  /** The result so far covers only the opening of a long track; the full one is on its way. */
  partial: boolean;
  genre: GenreSlice;
  /** The genre shown so far is that of the opening only (a long track's quick first result). */
  genreFromPreview: boolean;
  error: string | null;
  restored: boolean;
  /** SHA-256 of the file's bytes (hex), once computed: the same audio dropped again is recognised by it. */
  contentHash?: string | null;
  /** Seconds the analysis took, from its first job in the engine to its end (finished tracks). */
  analysisSec?: number | null;
}

/** How a kept analysis ended: 'interrupted' is also what a started one reads as after a reload. */
export type HistoryOutcome = 'done' | 'cancelled' | 'interrupted';

/** One analysis kept across reloads (results, never audio), as the history database holds it (schema 3). */
export interface HistoryEntry {
  id: string;
  name: string;
  source: TrackSource;
  addedAt: number;
  sourceDurationSec: number | null;
  /** Absent in entries saved before warnings existed. */
  warnings?: InputWarning[];
  /** null for an analysis that did not get as far as a result. */
  result: TrackResult | null;
  genre: GenreResult | null;
  outcome: HistoryOutcome;
  /** SHA-256 of the file (hex); null for recordings and entries from before schema 3. */
  contentHash: string | null;
  analysisSec: number | null;
  /** Why it stopped, where it failed mid-way. */
  error: string | null;
}

export type RecorderStatus = 'idle' | 'requesting' | 'recording' | 'live';

export interface RecorderState {
  status: RecorderStatus;
  /** Input level 0..1 (RMS of the last block, scaled for display). */
  level: number;
  elapsedSec: number;
}

/** Live mode: a rolling window classified about every second. */
export interface LiveState {
  genre: GenreResult | null;
  /** Why there is no genre (e.g. the models could not load). */
  genreUnavailable: string | null;
  /** Scrolling mel dB (bands x columns), newest column last. */
  melDb: Matrix | null;
  secondsPerColumn: number;
  /** Windows analysed so far. */
  updates: number;
}

/** A message shown where the result would be. */
export interface Alert {
  id: number;
  kind: 'error' | 'info';
  text: string;
  trackId: string | null;
}
