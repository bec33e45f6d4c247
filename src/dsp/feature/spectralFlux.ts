/**
 * Spectral flux per frame. Not a librosa function: this is the project's own definition.
 *
 *   flux[t] = ( sum_k H(S[k, t] - S[k, t - 1])^p )^(1/p),   H(x) = max(0, x),   flux[0] = 0
 *
 * on the magnitude spectrogram S (power 1), with p = `norm`: 2 by default (Euclidean length of
 * the spectral increase), 1 for the half-wave rectified sum of Dixon, "Onset detection
 * revisited", DAFx 2006 (eq. 6), after Masri (1996) and Duxbury et al. (2002). Only rising
 * energy counts, so note onsets score and decays do not; frame 0 has no predecessor and is 0.
 * No normalisation across bins or frames is applied: the value scales with the signal level.
 */
import { resolveSpectral, type SpectralInput } from './spectralInput.ts';
import { ParameterError } from '../errors.ts';

export type FluxNorm = 1 | 2;

export interface SpectralFluxOptions extends Omit<SpectralInput, 'sr' | 'freq'> {
  /** 2: L2 norm of the rectified difference (default); 1: its sum (Dixon 2006). */
  norm?: FluxNorm;
}

export function spectralFlux({ norm = 2, ...input }: SpectralFluxOptions): Float64Array {
  if (norm !== 1 && norm !== 2) throw new ParameterError(`spectralFlux: norm must be 1 or 2, got ${String(norm)}`);
  const { S } = resolveSpectral(input, 'spectralFlux');
  const acc = new Float64Array(S.cols);
  for (let k = 0; k < S.rows; k++) accumulateFlux(S.data, k * S.cols, S.cols, norm, acc);
  return finishFlux(acc, norm);
}

/**
 * Adds one bin's rectified frame-to-frame increases (row data[base .. base + cols)) to acc,
 * scaled: d + |d| = 2 max(0, d) exactly, which avoids an unpredictable branch per value;
 * finishFlux removes the factor (a power of two, so the result is bit-identical).
 */
export function accumulateFlux(data: Float32Array, base: number, cols: number, norm: FluxNorm, acc: Float64Array): void {
  let prev = data[base];
  if (norm === 2) {
    for (let t = 1; t < cols; t++) {
      const s = data[base + t];
      const d = s - prev;
      const r = d + Math.abs(d);
      acc[t] += r * r;
      prev = s;
    }
  } else {
    for (let t = 1; t < cols; t++) {
      const s = data[base + t];
      const d = s - prev;
      acc[t] += d + Math.abs(d);
      prev = s;
    }
  }
}

/** accumulateFlux of row a then row b in one pass (acc + x + y rounds as two += steps). */
export function accumulateFluxPair(data: Float32Array, baseA: number, baseB: number, cols: number, norm: FluxNorm, acc: Float64Array): void {
  let prevA = data[baseA];
  let prevB = data[baseB];
  for (let t = 1; t < cols; t++) {
    const sa = data[baseA + t];
    const sb = data[baseB + t];
    const da = sa - prevA;
    const db = sb - prevB;
    const ra = da + Math.abs(da);
    const rb = db + Math.abs(db);
    acc[t] = norm === 2 ? acc[t] + ra * ra + rb * rb : acc[t] + ra + rb;
    prevA = sa;
    prevB = sb;
  }
}

export function finishFlux(acc: Float64Array, norm: FluxNorm): Float64Array {
  for (let t = 0; t < acc.length; t++) acc[t] = norm === 2 ? 0.5 * Math.sqrt(acc[t]) : 0.5 * acc[t];
  return acc;
}
