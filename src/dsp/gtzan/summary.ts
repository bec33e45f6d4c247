/**
 * The 57 values of the GTZAN feature table from frame-level features, with the table's
 * statistics: population mean and variance over all frames; chroma over all 12 x frames values
 * at once, each MFCC coefficient over its own frames; the HPSS waveforms as given (the caller
 * zero-pads them to the input length the old librosa way).
 */
import type { Matrix } from '../matrix.ts';
import { row } from '../matrix.ts';
import { meanVar } from '../util/stats.ts';

export interface GtzanFrameFeatures {
  chroma: Matrix;
  rms: ArrayLike<number>;
  spectralCentroid: ArrayLike<number>;
  spectralBandwidth: ArrayLike<number>;
  spectralRolloff: ArrayLike<number>;
  zeroCrossingRate: ArrayLike<number>;
  harmonic: ArrayLike<number>;
  percussive: ArrayLike<number>;
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
  push(f.harmonic);
  push(f.percussive);
  out.push(f.tempo);
  for (let k = 0; k < 20; k++) push(row(f.mfcc, k));
  return Float64Array.from(out);
}
