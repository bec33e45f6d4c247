/**
 * Reduces the worker's TrackAnalysis to what the app draws, exports and keeps: matrices and
 * curves pooled to at most MAX_DISPLAY_COLUMNS columns (a 10-minute track has ~26,000 frames,
 * more than any screen), plain arrays for the rest. Runs once per result on the UI thread, so it
 * is a single pass over each array.
 */
import type { TrackAnalysis } from '../../analysis/types.ts';
import type { Matrix } from '../../dsp/matrix.ts';
import { DESCRIPTOR_NAMES, type DescriptorName, type TrackResult, type WaveformEnvelope } from './types.ts';

export const MAX_DISPLAY_COLUMNS = 2400;

/** Columns pooled by `factor` (max of each group: keeps onsets visible). */
export function poolColumns(m: Matrix, factor: number): Matrix {
  if (factor <= 1) return { rows: m.rows, cols: m.cols, data: m.data.slice() };
  const cols = Math.ceil(m.cols / factor);
  const out = new Float32Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++) {
    const src = r * m.cols;
    const dst = r * cols;
    for (let c = 0; c < cols; c++) {
      const end = Math.min(m.cols, (c + 1) * factor);
      let v = -Infinity;
      for (let k = c * factor; k < end; k++) if (m.data[src + k] > v) v = m.data[src + k];
      out[dst + c] = v;
    }
  }
  return { rows: m.rows, cols, data: out };
}

/** Mean of each group of `factor` values. */
export function poolMean(x: Float32Array | Float64Array, factor: number): Float32Array {
  if (factor <= 1) return Float32Array.from(x);
  const n = Math.ceil(x.length / factor);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const end = Math.min(x.length, (i + 1) * factor);
    let s = 0;
    for (let k = i * factor; k < end; k++) s += x[k];
    out[i] = s / (end - i * factor);
  }
  return out;
}

function mean(x: Float32Array | Float64Array): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function toTrackResult(a: TrackAnalysis, waveform: WaveformEnvelope): TrackResult {
  const frames = a.melDb.cols;
  const factor = Math.max(1, Math.ceil(frames / MAX_DISPLAY_COLUMNS));
  const descriptors = {} as Record<DescriptorName, Float32Array>;
  const descriptorMeans = {} as Record<DescriptorName, number>;
  for (const name of DESCRIPTOR_NAMES) {
    descriptors[name] = poolMean(a.descriptors[name], factor);
    descriptorMeans[name] = mean(a.descriptors[name]);
  }
  return {
    sr: a.sr,
    hopLength: a.hopLength,
    nSamples: a.nSamples,
    durationSec: a.durationSec,
    waveform,
    melDb: poolColumns(a.melDb, factor),
    chroma: poolColumns(a.chroma, factor),
    secondsPerColumn: (a.hopLength * factor) / a.sr,
    descriptors,
    descriptorMeans,
    tempo: a.tempo,
    beatTimes: Array.from(a.beatTimes),
    key: { ...a.key },
    tuning: a.tuning,
    gtzanFeatures: Array.from(a.gtzanFeatures),
    separationEngine: a.separationEngine,
  };
}

/** Min/max envelope of `pcm` in `buckets` buckets, one pass. */
export function waveformEnvelope(pcm: Float32Array, sr: number, buckets = 2000): WaveformEnvelope {
  const n = Math.max(1, Math.min(buckets, pcm.length));
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  const per = pcm.length / n;
  for (let b = 0; b < n; b++) {
    const start = Math.floor(b * per);
    const end = Math.max(start + 1, Math.floor((b + 1) * per));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < end && i < pcm.length; i++) {
      const v = pcm[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[b] = Number.isFinite(lo) ? lo : 0;
    max[b] = Number.isFinite(hi) ? hi : 0;
  }
  return { min, max, durationSec: pcm.length / sr };
}
