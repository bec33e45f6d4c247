/**
 * What one analysis of a track yields: the typed result the worker sends to the app and the
 * CLI prints. Matrices use the DSP layout (bins x frames, src/dsp/matrix.ts).
 */
import type { HpssEngine } from '../dsp/decompose/hpssBlock.ts';
import type { KeyEstimate } from '../dsp/key/estimateKey.ts';
import type { Matrix } from '../dsp/matrix.ts';

export type { KeyEstimate };

/**
 * Stages in the order they run, for progress reports. The STFT is computed in the separation
 * pass (harmonic/percussive), which hands its magnitude on to every spectral feature.
 */
export const ANALYSIS_STAGES = ['separation', 'spectrogram', 'timbre', 'harmony', 'rhythm', 'summary'] as const;
export type AnalysisStage = (typeof ANALYSIS_STAGES)[number];

/** One value per STFT frame. */
export type FrameSeries = Float32Array | Float64Array;

/** Per-frame spectral descriptors (Hz for centroid, bandwidth and rolloff). */
export interface Descriptors {
  spectralCentroid: FrameSeries;
  spectralBandwidth: FrameSeries;
  spectralRolloff: FrameSeries;
  spectralFlatness: FrameSeries;
  spectralFlux: FrameSeries;
  zeroCrossingRate: FrameSeries;
  rms: FrameSeries;
}

export interface TrackAnalysis {
  sr: number;
  hopLength: number;
  nSamples: number;
  durationSec: number;
  /** Mel power spectrogram (128 bands, Slaney), the model's input and the source of melDb. */
  melPower: Matrix;
  /** Mel spectrogram in dB relative to its peak, floored at -80 dB: what the app draws. */
  melDb: Matrix;
  /** 12 pitch classes x frames, starting at C, each frame scaled to a maximum of 1. */
  chroma: Matrix;
  /** Estimated tuning deviation in fractions of a semitone. */
  tuning: number;
  mfcc: Matrix;
  descriptors: Descriptors;
  tempo: number;
  beatTimes: Float64Array;
  key: KeyEstimate;
  /** The 57 GTZAN table features, in GTZAN_FEATURE_NAMES order. */
  gtzanFeatures: Float64Array;
  /** Which engine ran the harmonic/percussive pass: WebAssembly SIMD, or the JavaScript fallback (same values, about twice the time). */
  separationEngine: HpssEngine;
}

/** Called between stages; may throw (e.g. on cancellation) to stop the analysis. */
export type Checkpoint = (stage: AnalysisStage, fraction: number) => void | Promise<void>;
