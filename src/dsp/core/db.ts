/** Power to decibels, as librosa.power_to_db. */
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
  checkDbOptions(amin, topDb);
  const offset = refOffset(S, ref, amin);
  const out = zeros(S.rows, S.cols);
  const d = out.data;
  let peak = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, S.data[i])) - offset;
    d[i] = v;
    if (d[i] > peak) peak = d[i];
  }
  floorAt(d, peak, topDb);
  return out;
}

/** The ref and topDb of one conversion in powerToDbEach. */
export type DbSetting = Pick<PowerToDbOptions, 'ref' | 'topDb'>;

/**
 * powerToDb of one S for several settings that share amin, equal to separate calls: the
 * logarithm, the costly part, is taken once per value and each result derived from it in the
 * same pass (the offsets depend on S's maximum only, known beforehand).
 */
export function powerToDbEach(S: Matrix, amin: number, settings: readonly DbSetting[]): Matrix[] {
  for (const { topDb = 80 } of settings) checkDbOptions(amin, topDb);
  const m = settings.length;
  const offsets = settings.map(({ ref = 1 }) => refOffset(S, ref, amin));
  const outs = settings.map(() => zeros(S.rows, S.cols));
  const data = outs.map((o) => o.data);
  const peaks = new Float64Array(m).fill(-Infinity);
  const src = S.data;
  for (let i = 0; i < src.length; i++) {
    const logS = 10 * Math.log10(Math.max(amin, src[i]));
    for (let j = 0; j < m; j++) {
      const d = data[j];
      d[i] = logS - offsets[j];
      if (d[i] > peaks[j]) peaks[j] = d[i];
    }
  }
  settings.forEach(({ topDb = 80 }, j) => floorAt(data[j], peaks[j], topDb));
  return outs;
}

function checkDbOptions(amin: number, topDb: number | null): void {
  if (amin <= 0) throw new ParameterError('amin must be strictly positive');
  if (topDb !== null && topDb < 0) throw new ParameterError('topDb must be non-negative');
}

/** 10 * log10(max(amin, ref)), ref 'max' being the largest value of S. */
function refOffset(S: Matrix, ref: number | 'max', amin: number): number {
  const refValue = ref === 'max' ? max(S.data) : Math.abs(ref);
  return 10 * Math.log10(Math.max(amin, refValue));
}

function floorAt(d: Float32Array, peak: number, topDb: number | null): void {
  if (topDb === null) return;
  const floor = peak - topDb;
  for (let i = 0; i < d.length; i++) if (d[i] < floor) d[i] = floor;
}

