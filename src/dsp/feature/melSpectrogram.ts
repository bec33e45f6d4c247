/**
 * Mel spectrogram and MFCC, as librosa.feature.melspectrogram and librosa.feature.mfcc
 * (DCT-II, orthonormal, of power_to_db of the mel power spectrogram).
 */
import { type SpectrogramInput, spectrogram } from '../core/spectrum.ts';
import { powerToDb } from '../core/db.ts';
import { ParameterError } from '../errors.ts';
import { type Matrix, zeros } from '../matrix.ts';
import { melFilterbank, type MelOptions } from '../filters/mel.ts';

export type MelSpectrogramOptions = SpectrogramInput & Omit<MelOptions, 'nFft'> & { sr?: number };

/** Mel-band energies, nMels x frames; from y (power 2 by default) or a given spectrogram S. */
export function melSpectrogram({ power = 2, sr = 22050, nMels, fmin, fmax, htk, norm, ...rest }: MelSpectrogramOptions): Matrix {
  const { S, nFft } = spectrogram({ ...rest, power });
  const basis = melFilterbank({ sr, nFft, nMels, fmin, fmax, htk, norm });
  if (basis.nBins !== S.rows) throw new ParameterError(`spectrogram has ${S.rows} bins, mel basis expects ${basis.nBins}`);
  return applyMelBasis(basis, S);
}

/**
 * acc[t] += weight[r - w0] * data[r * cols + t] for rows r = from .. to - 1 in order, four rows
 * per pass over acc: a left-to-right sum acc + a + b + c + d rounds exactly as four separate
 * += steps, so the result is the same as one row at a time, with a quarter of the acc traffic.
 */
function addWeightedRows(acc: Float64Array, data: Float32Array, cols: number, from: number, to: number, weight: ArrayLike<number>, w0: number): void {
  let r = from;
  for (; r + 3 < to; r += 4) {
    const c0 = weight[r - w0];
    const c1 = weight[r + 1 - w0];
    const c2 = weight[r + 2 - w0];
    const c3 = weight[r + 3 - w0];
    const s0 = r * cols;
    const s1 = s0 + cols;
    const s2 = s1 + cols;
    const s3 = s2 + cols;
    for (let t = 0; t < cols; t++) acc[t] = acc[t] + c0 * data[s0 + t] + c1 * data[s1 + t] + c2 * data[s2 + t] + c3 * data[s3 + t];
  }
  for (; r < to; r++) {
    const c = weight[r - w0];
    const src = r * cols;
    for (let t = 0; t < cols; t++) acc[t] += c * data[src + t];
  }
}

function applyMelBasis(basis: ReturnType<typeof melFilterbank>, S: Matrix): Matrix {
  const cols = S.cols;
  const out = zeros(basis.nMels, cols);
  const acc = new Float64Array(cols);
  for (let m = 0; m < basis.nMels; m++) {
    acc.fill(0);
    const w = basis.weights[m];
    addWeightedRows(acc, S.data, cols, basis.start[m], basis.end[m], w, basis.start[m]);
    out.data.set(acc, m * cols);
  }
  return out;
}

export interface MfccOptions extends MelSpectrogramOptions {
  /** A precomputed log-power (dB) mel spectrogram; otherwise computed from y or S. */
  melDb?: Matrix;
  nMfcc?: number;
  /** Cepstral liftering coefficient; 0 disables it. */
  lifter?: number;
  /** Floor of the dB conversion, relative to the loudest value (librosa's top_db). */
  topDb?: number | null;
}

/** DCT-II matrix with orthonormal scaling, nOut x n (scipy.fftpack.dct(type=2, norm='ortho')). */
function dctOrtho(nOut: number, n: number): Float64Array {
  const basis = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let i = 0; i < n; i++) basis[k * n + i] = scale * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  }
  return basis;
}

/** Mel-frequency cepstral coefficients, nMfcc x frames. */
export function mfcc({ melDb, nMfcc = 20, lifter = 0, topDb = 80, ...melOptions }: MfccOptions): Matrix {
  const logMel = melDb ?? powerToDb({ S: melSpectrogram(melOptions), ref: 1, amin: 1e-10, topDb });
  const n = logMel.rows;
  const cols = logMel.cols;
  if (nMfcc < 1 || nMfcc > n) throw new ParameterError(`nMfcc must be in 1..${n}, got ${nMfcc}`);
  const dct = dctOrtho(nMfcc, n);
  const out = zeros(nMfcc, cols);
  const acc = new Float64Array(cols);
  for (let k = 0; k < nMfcc; k++) {
    acc.fill(0);
    addWeightedRows(acc, logMel.data, cols, 0, n, dct, -k * n);
    const lift = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1;
    for (let t = 0; t < cols; t++) out.data[k * cols + t] = acc[t] * lift;
  }
  return out;
}
