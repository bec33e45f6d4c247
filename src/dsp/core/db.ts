/** Power (or amplitude) to decibels, as librosa.power_to_db / amplitude_to_db. */
import { ParameterError } from '../errors.ts';
import { type Matrix, zeros } from '../matrix.ts';
import { max } from '../util/stats.ts';

export interface PowerToDbOptions {
  S: Matrix;
  /** Reference power: a number, or 'max' for the largest value of S (librosa's ref=np.max). */
  ref?: number | 'max';
  /** Smallest power considered, to keep the logarithm finite. */
  amin?: number;
  /** Floor at (peak - topDb) dB; null keeps everything. */
  topDb?: number | null;
}

/** 10 * log10(max(amin, S) / max(amin, ref)), floored at (max - topDb). */
export function powerToDb({ S, ref = 1, amin = 1e-10, topDb = 80 }: PowerToDbOptions): Matrix {
  if (amin <= 0) throw new ParameterError('amin must be strictly positive');
  if (topDb !== null && topDb < 0) throw new ParameterError('topDb must be non-negative');
  const refValue = ref === 'max' ? max(S.data) : Math.abs(ref);
  const offset = 10 * Math.log10(Math.max(amin, refValue));
  const out = zeros(S.rows, S.cols);
  const d = out.data;
  let peak = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, S.data[i])) - offset;
    d[i] = v;
    if (d[i] > peak) peak = d[i];
  }
  if (topDb !== null) {
    const floor = peak - topDb;
    for (let i = 0; i < d.length; i++) if (d[i] < floor) d[i] = floor;
  }
  return out;
}

/** Amplitude to dB: powerToDb of S squared (ref and amin given as amplitudes). */
export function amplitudeToDb({ S, ref = 1, amin = 1e-5, topDb = 80 }: PowerToDbOptions): Matrix {
  const power = zeros(S.rows, S.cols);
  for (let i = 0; i < S.data.length; i++) power.data[i] = S.data[i] * S.data[i];
  const refPower = ref === 'max' ? 'max' : ref * ref;
  return powerToDb({ S: power, ref: refPower, amin: amin * amin, topDb });
}
