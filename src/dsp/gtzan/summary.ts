/**
 * The 57 values of the GTZAN feature table from frame-level features, with the table's
 * statistics: population mean and variance over all frames; chroma over all 12 x frames values
 * at once, each MFCC coefficient over its own frames; the HPSS waveforms' statistics as given
 * (zero-padded to the input length the old librosa way: see hpssWaveforms).
 */
import type { Matrix } from '../matrix.ts';
import { row } from '../matrix.ts';
import { type MeanVar, meanVar } from '../util/stats.ts';

export interface GtzanFrameFeatures {
  chroma: Matrix;
  rms: ArrayLike<number>;
  spectralCentroid: ArrayLike<number>;
  spectralBandwidth: ArrayLike<number>;
  spectralRolloff: ArrayLike<number>;
  zeroCrossingRate: ArrayLike<number>;
  /** Statistics of the harmonic and percussive waveforms (hpssWaveformStats). */
  harmonic: MeanVar;
  percussive: MeanVar;
  tempo: number;
  mfcc: Matrix;
}

export function summarizeGtzan(f: GtzanFrameFeatures): Float64Array {
  const out: number[] = [];
  const push = (x: ArrayLike<number>) => {
    const { mean, variance } = meanVar(x);
    out.push(mean, variance);
  };
  push(f.chroma.data);
  push(f.rms);
  push(f.spectralCentroid);
  push(f.spectralBandwidth);
  push(f.spectralRolloff);
  push(f.zeroCrossingRate);
  out.push(f.harmonic.mean, f.harmonic.variance, f.percussive.mean, f.percussive.variance);
  out.push(f.tempo);
  for (let k = 0; k < 20; k++) push(row(f.mfcc, k));
  return Float64Array.from(out);
}
