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

function applyMelBasis(basis: ReturnType<typeof melFilterbank>, S: Matrix): Matrix {
  const cols = S.cols;
  const out = zeros(basis.nMels, cols);
  const acc = new Float64Array(cols);
  for (let m = 0; m < basis.nMels; m++) {
    acc.fill(0);
    const w = basis.weights[m];
    for (let k = basis.start[m]; k < basis.end[m]; k++) {
      const wk = w[k - basis.start[m]];
      const srcRow = k * cols;
      for (let t = 0; t < cols; t++) acc[t] += wk * S.data[srcRow + t];
    }
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
    for (let i = 0; i < n; i++) {
      const c = dct[k * n + i];
      const src = i * cols;
      for (let t = 0; t < cols; t++) acc[t] += c * logMel.data[src + t];
    }
    const lift = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1;
    for (let t = 0; t < cols; t++) out.data[k * cols + t] = acc[t] * lift;
  }
  return out;
}
