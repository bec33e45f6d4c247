/**
 * Spectral shape descriptors of a magnitude spectrogram, as librosa 0.10's
 * feature.spectral_centroid, spectral_bandwidth, spectral_rolloff and spectral_flatness,
 * plus spectralDescriptors, which computes all four (and optionally spectral flux) from one
 * spectrogram in fewer passes.
 *
 * Each takes audio `y` (|stft(y)| is computed with the given STFT options; librosa 0.10's
 * default padMode is 'constant', the GTZAN table used 'reflect') or a precomputed magnitude
 * spectrogram `S` (bins x frames). Frames with no energy give 0 for centroid, bandwidth and
 * rolloff: librosa's util.normalize(norm=1) leaves a column whose sum is below float32's
 * smallest normal number undivided, so the weighted sums stay 0; flatness of such a frame is 1
 * (every bin is floored at amin, a flat spectrum), as in librosa.
 *
 * Loops run row by row (one bin's frames are contiguous in Matrix) into per-frame float64
 * accumulators, so the spectrogram is read in memory order.
 */
import { ParameterError } from '../errors.ts';
import type { Matrix } from '../matrix.ts';
import { accumulateFlux, accumulateFluxPair, type FluxNorm, finishFlux } from './spectralFlux.ts';
import { FLOAT32_TINY } from '../util/float32.ts';
import { resolveSpectral, type SpectralInput } from './spectralInput.ts';

export type { SpectralInput } from './spectralInput.ts';

/** Per-frame sum of S. */
function columnTotals(S: Matrix): Float64Array {
  const { rows, cols, data } = S;
  const sum = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    const base = k * cols;
    for (let t = 0; t < cols; t++) sum[t] += data[base + t];
  }
  return sum;
}

/** Spectral centroid per frame (Hz): sum_k freq[k] S[k, t] / sum_k S[k, t]. */
export function spectralCentroid(options: SpectralInput): Float64Array {
  const { S, freq } = resolveSpectral(options, 'spectralCentroid');
  return centroidAndNorm(S, freq).centroid;
}

/** Centroid and the floored per-frame sums (the column norms) in one pass. */
function centroidAndNorm(S: Matrix, freq: Float64Array): { centroid: Float64Array; norm: Float64Array } {
  const { rows, cols, data } = S;
  const norm = new Float64Array(cols);
  const centroid = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    const f = freq[k];
    const base = k * cols;
    for (let t = 0; t < cols; t++) {
      const s = data[base + t];
      norm[t] += s;
      centroid[t] += f * s;
    }
  }
  for (let t = 0; t < cols; t++) {
    if (norm[t] < FLOAT32_TINY) norm[t] = 1;
    centroid[t] /= norm[t];
  }
  return { centroid, norm };
}

export interface SpectralBandwidthOptions extends SpectralInput {
  /** Precomputed centroid per frame; computed from S when absent. */
  centroid?: Float64Array;
  /** Normalise each frame's energy to sum 1 first (default true). */
  norm?: boolean;
  /** Order of the deviation (default 2). */
  p?: number;
}

/** p-th order spectral bandwidth per frame (Hz): (sum_k S[k, t] |freq[k] - centroid[t]|^p)^(1/p), S column-normalised when norm. */
export function spectralBandwidth({ centroid, norm = true, p = 2, ...input }: SpectralBandwidthOptions): Float64Array {
  if (!(p > 0) || !Number.isFinite(p)) throw new ParameterError(`spectralBandwidth: p must be a positive number, got ${p}`);
  const { S, freq } = resolveSpectral(input, 'spectralBandwidth');
  const { rows, cols, data } = S;
  const { centroid: own, norm: sums } = centroidAndNorm(S, freq);
  const c = centroid ?? own;
  if (c.length !== cols) throw new ParameterError(`spectralBandwidth: centroid has ${c.length} frames, spectrogram has ${cols}`);
  const acc = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    const f = freq[k];
    const base = k * cols;
    if (p === 2) {
      for (let t = 0; t < cols; t++) {
        const d = f - c[t];
        acc[t] += data[base + t] * d * d;
      }
    } else {
      for (let t = 0; t < cols; t++) acc[t] += data[base + t] * Math.abs(f - c[t]) ** p;
    }
  }
  for (let t = 0; t < cols; t++) {
    const v = norm ? acc[t] / sums[t] : acc[t];
    acc[t] = p === 2 ? Math.sqrt(v) : v ** (1 / p);
  }
  return acc;
}

export interface SpectralRolloffOptions extends SpectralInput {
  /** Fraction of the frame's energy at or below the roll-off frequency, in (0, 1) (default 0.85). */
  rollPercent?: number;
}

/**
 * Roll-off frequency per frame (Hz): the lowest bin frequency whose cumulative magnitude
 * reaches rollPercent of the frame's total; freq must be increasing. Sums run in float64:
 * that reproduces every frame of the librosa 0.10.2 references (a float32 running sum, as a
 * literal numpy.cumsum of float32 data would give, moved about one frame per clip by a bin).
 */
export function spectralRolloff({ rollPercent = 0.85, ...input }: SpectralRolloffOptions): Float64Array {
  checkRollPercent(rollPercent);
  const { S, freq } = resolveSpectral(input, 'spectralRolloff');
  return rolloffOf(S, freq, columnTotals(S), rollPercent);
}

function checkRollPercent(rollPercent: number): void {
  if (!(rollPercent > 0 && rollPercent < 1)) throw new ParameterError(`rollPercent must lie in (0, 1), got ${rollPercent}`);
}

function rolloffOf(S: Matrix, freq: Float64Array, totals: Float64Array, rollPercent: number): Float64Array {
  const { rows, cols, data } = S;
  const threshold = new Float64Array(cols);
  for (let t = 0; t < cols; t++) threshold[t] = rollPercent * totals[t];
  const bin = new Int32Array(cols).fill(-1);
  const cum = new Float64Array(cols);
  let open = cols;
  // Stop at the first row where every frame has found its bin (0.85 of the energy usually lies low).
  for (let k = 0; k < rows && open > 0; k++) {
    const base = k * cols;
    for (let t = 0; t < cols; t++) {
      const c = cum[t] + data[base + t];
      cum[t] = c;
      if (bin[t] < 0 && c >= threshold[t]) {
        bin[t] = k;
        open--;
      }
    }
  }
  const out = new Float64Array(cols);
  // every frame finds a bin (the full sum reaches rollPercent < 1 of itself); the fallback only guards rounding
  for (let t = 0; t < cols; t++) out[t] = freq[bin[t] < 0 ? rows - 1 : bin[t]];
  return out;
}

export interface SpectralFlatnessOptions extends Omit<SpectralInput, 'sr' | 'freq'> {
  /** Floor applied to S^power before the logarithm (default 1e-10). */
  amin?: number;
  /** Exponent applied to the magnitude spectrogram: 2 power (default), 1 magnitude. */
  power?: number;
}

/**
 * Spectral flatness per frame: geometric over arithmetic mean of max(amin, S^power), in [0, 1]
 * (1 for white noise and for silence, near 0 for a pure tone). float32, as librosa returns.
 */
export function spectralFlatness({ amin = 1e-10, power = 2, ...input }: SpectralFlatnessOptions): Float32Array {
  checkFlatness(amin, power);
  const { S } = resolveSpectral(input, 'spectralFlatness');
  const logSum = new Float64Array(S.cols);
  const sum = new Float64Array(S.cols);
  accumulateFlatness(S, amin, power, logSum, sum);
  return finishFlatness(S.rows, logSum, sum);
}

function checkFlatness(amin: number, power: number): void {
  if (!(amin > 0)) throw new ParameterError(`amin must be strictly positive, got ${amin}`);
  if (!(power > 0) || !Number.isFinite(power)) throw new ParameterError(`power must be a positive number, got ${power}`);
}

/** Rows per logarithm: the product of 16 values in [amin, ~1e9] stays inside float64's range. */
const LOG_CHUNK = 16;

/**
 * Adds sum_k log(max(amin, S^power)) and sum_k max(amin, S^power) over all bins to the
 * per-frame accumulators. Math.log dominates the cost, so values are multiplied in chunks of
 * LOG_CHUNK bins and one logarithm taken per chunk (same sum to float64 rounding); a chunk
 * whose product leaves float64's range falls back to one logarithm per value.
 */
function accumulateFlatness(S: Matrix, amin: number, power: number, logSum: Float64Array, sum: Float64Array): void {
  const { rows, cols, data } = S;
  const prod = new Float64Array(cols);
  for (let k0 = 0; k0 < rows; k0 += LOG_CHUNK) {
    const k1 = Math.min(rows, k0 + LOG_CHUNK);
    prod.fill(1);
    let k = k0;
    if (power === 2) {
      // four bins per pass, the products and sums taken left to right as one bin at a time
      for (; k + 3 < k1; k += 4) {
        const b0 = k * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        for (let t = 0; t < cols; t++) {
          const m0 = data[b0 + t];
          const m1 = data[b1 + t];
          const m2 = data[b2 + t];
          const m3 = data[b3 + t];
          const v0 = Math.max(amin, m0 * m0);
          const v1 = Math.max(amin, m1 * m1);
          const v2 = Math.max(amin, m2 * m2);
          const v3 = Math.max(amin, m3 * m3);
          prod[t] = prod[t] * v0 * v1 * v2 * v3;
          sum[t] = sum[t] + v0 + v1 + v2 + v3;
        }
      }
    }
    for (; k < k1; k++) {
      const base = k * cols;
      for (let t = 0; t < cols; t++) {
        const m = data[base + t];
        const v = Math.max(amin, power === 2 ? m * m : power === 1 ? m : m ** power);
        prod[t] *= v;
        sum[t] += v;
      }
    }
    for (let t = 0; t < cols; t++) {
      const p = prod[t];
      if (p > 0 && p < Infinity) {
        logSum[t] += Math.log(p);
      } else {
        for (let k = k0; k < k1; k++) {
          const m = data[k * cols + t];
          logSum[t] += Math.log(Math.max(amin, power === 2 ? m * m : power === 1 ? m : m ** power));
        }
      }
    }
  }
}

function finishFlatness(rows: number, logSum: Float64Array, sum: Float64Array): Float32Array {
  const out = new Float32Array(logSum.length);
  for (let t = 0; t < out.length; t++) out[t] = Math.exp(logSum[t] / rows) / (sum[t] / rows);
  return out;
}

export interface SpectralDescriptorOptions extends SpectralInput {
  rollPercent?: number;
  /** Flatness floor and exponent, as spectralFlatness's amin and power. */
  amin?: number;
  flatnessPower?: number;
  /** Also compute the spectral flux (see spectralFlux.ts); default false. */
  flux?: boolean;
  /** Norm of the spectral flux (default 2). */
  fluxNorm?: FluxNorm;
}

export interface SpectralDescriptors {
  centroid: Float64Array;
  /** Second-order bandwidth with normalisation (librosa's defaults p=2, norm=True). */
  bandwidth: Float64Array;
  rolloff: Float64Array;
  flatness: Float32Array;
  flux?: Float64Array;
}

/**
 * Centroid, bandwidth (p=2, normalised), rolloff, flatness and optionally flux of one
 * magnitude spectrogram, equal to the separate functions but about twice as fast as calling
 * them one by one: one sweep gathers sum S, sum f S, sum f^2 S (and flux), one the flatness
 * sums, and a short one (stopping once every frame has its bin) the roll-off. The bandwidth
 * uses sum S (f - c)^2 / sum S = sum f^2 S / sum S - c^2, which loses only about
 * (c / bandwidth)^2 x 1e-16 relative to the two-pass form (1e-12 for a pure tone).
 */
export function spectralDescriptors({
  rollPercent = 0.85,
  amin = 1e-10,
  flatnessPower = 2,
  flux = false,
  fluxNorm = 2,
  ...input
}: SpectralDescriptorOptions): SpectralDescriptors {
  checkRollPercent(rollPercent);
  checkFlatness(amin, flatnessPower);
  if (fluxNorm !== 1 && fluxNorm !== 2) throw new ParameterError(`spectralDescriptors: fluxNorm must be 1 or 2, got ${String(fluxNorm)}`);
  const { S, freq } = resolveSpectral(input, 'spectralDescriptors');
  const { rows, cols, data } = S;
  const sum = new Float64Array(cols);
  const fs = new Float64Array(cols);
  const f2s = new Float64Array(cols);
  const logSum = new Float64Array(cols);
  const flatSum = new Float64Array(cols);
  const fluxAcc = flux ? new Float64Array(cols) : null;
  // four bins per pass: acc + a + b + c + d rounds as four += steps, so the sums are those of
  // one bin at a time
  let k = 0;
  for (; k + 3 < rows; k += 4) {
    const f0 = freq[k];
    const f1 = freq[k + 1];
    const f2 = freq[k + 2];
    const f3 = freq[k + 3];
    const g0 = f0 * f0;
    const g1 = f1 * f1;
    const g2 = f2 * f2;
    const g3 = f3 * f3;
    const b0 = k * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    for (let t = 0; t < cols; t++) {
      const s0 = data[b0 + t];
      const s1 = data[b1 + t];
      const s2 = data[b2 + t];
      const s3 = data[b3 + t];
      sum[t] = sum[t] + s0 + s1 + s2 + s3;
      fs[t] = fs[t] + f0 * s0 + f1 * s1 + f2 * s2 + f3 * s3;
      f2s[t] = f2s[t] + g0 * s0 + g1 * s1 + g2 * s2 + g3 * s3;
    }
    if (fluxAcc) {
      accumulateFluxPair(data, b0, b1, cols, fluxNorm, fluxAcc);
      accumulateFluxPair(data, b2, b3, cols, fluxNorm, fluxAcc);
    }
  }
  for (; k < rows; k++) {
    const f = freq[k];
    const f2 = f * f;
    const base = k * cols;
    for (let t = 0; t < cols; t++) {
      const s = data[base + t];
      sum[t] += s;
      fs[t] += f * s;
      f2s[t] += f2 * s;
    }
    if (fluxAcc) accumulateFlux(data, base, cols, fluxNorm, fluxAcc);
  }
  accumulateFlatness(S, amin, flatnessPower, logSum, flatSum);
  const centroid = new Float64Array(cols);
  const bandwidth = new Float64Array(cols);
  for (let t = 0; t < cols; t++) {
    const n = sum[t] < FLOAT32_TINY ? 1 : sum[t];
    const c = fs[t] / n;
    centroid[t] = c;
    // sum S (f - c)^2 / n expanded; n = sum except for (near-)silent frames, where n = 1
    bandwidth[t] = Math.sqrt(Math.max(0, f2s[t] / n - c * c * (2 - sum[t] / n)));
  }
  return {
    centroid,
    bandwidth,
    rolloff: rolloffOf(S, freq, sum, rollPercent),
    flatness: finishFlatness(rows, logSum, flatSum),
    ...(fluxAcc ? { flux: finishFlux(fluxAcc, fluxNorm) } : {}),
  };
}
