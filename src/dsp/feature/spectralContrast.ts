/**
 * Spectral contrast (Jiang et al., ICME 2002), as librosa 0.10's feature.spectral_contrast:
 * (nBands + 1) x frames, octave sub-bands [0, fmin], [fmin, 2 fmin], ..., the last band
 * running up to Nyquist. In each band and frame the valley is the mean of the lowest `q` bins
 * and the peak the mean of the highest (librosa sorts; a selection finds the same values), q = max(1, round(quantile x band
 * size)) (round half to even, as numpy.rint). The result is peak - valley (linear) or
 * power_to_db(peak) - power_to_db(valley) with librosa's defaults (ref 1, amin 1e-10,
 * top_db 80, each floor taken from the whole peak or valley matrix), applied to magnitudes as
 * librosa does.
 *
 * Band edges follow librosa exactly: a band takes the bins with lo <= f <= hi, plus the bin
 * just below (bands after the first), minus its top bin (all but the last band, which instead
 * also takes every bin above hi). q counts the bins before that top bin is dropped.
 */
import { powerToDb } from '../core/db.ts';
import { ParameterError } from '../errors.ts';
import { type Matrix, zeros } from '../matrix.ts';
import { resolveSpectral, type SpectralInput } from './spectralInput.ts';

export interface SpectralContrastOptions extends SpectralInput {
  /** Upper edge of the first band [0, fmin] in Hz (default 200). */
  fmin?: number;
  /** Number of octave bands above fmin (default 6). */
  nBands?: number;
  /** Fraction of each band averaged for its peak and its valley, in (0, 1) (default 0.02). */
  quantile?: number;
  /** true: peak - valley in magnitude; false (default): difference in dB. */
  linear?: boolean;
}

interface Band {
  /** First and one-past-last bin of the sorted sub-band (contiguous, in bin order). */
  start: number;
  end: number;
  q: number;
}

/** numpy.rint: round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function bandsOf(freq: Float64Array, sr: number, fmin: number, nBands: number, quantile: number): Band[] {
  const edges = [0];
  for (let i = 0; i <= nBands; i++) edges.push(fmin * 2 ** i);
  for (let i = 0; i < edges.length - 1; i++) {
    if (edges[i] >= 0.5 * sr) throw new ParameterError(`spectralContrast: band edge ${edges[i]} Hz exceeds Nyquist; reduce fmin or nBands`);
  }
  const n = freq.length;
  const bands: Band[] = [];
  for (let k = 0; k <= nBands; k++) {
    const lo = edges[k];
    const hi = edges[k + 1];
    let first = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (freq[i] >= lo && freq[i] <= hi) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) throw new ParameterError(`spectralContrast: no frequency bin in band ${k} [${lo}, ${hi}] Hz; use a larger nFft or a higher fmin`);
    // librosa's mask is contiguous here: freq is increasing, so [first, last] is one run of bins
    let start = first;
    let end = last + 1;
    if (k > 0 && first > 0) start = first - 1;
    if (k === nBands) end = n;
    const count = end - start;
    const q = Math.max(1, rint(quantile * count));
    if (k < nBands) end -= 1;
    if (end <= start) throw new ParameterError(`spectralContrast: band ${k} has no bins left; use a larger nFft`);
    bands.push({ start, end, q });
  }
  return bands;
}

export function spectralContrast({ fmin = 200, nBands = 6, quantile = 0.02, linear = false, ...input }: SpectralContrastOptions): Matrix {
  if (!Number.isInteger(nBands) || nBands < 1) throw new ParameterError(`spectralContrast: nBands must be a positive integer, got ${nBands}`);
  if (!(quantile > 0 && quantile < 1)) throw new ParameterError(`spectralContrast: quantile must lie in (0, 1), got ${quantile}`);
  if (!(fmin > 0)) throw new ParameterError(`spectralContrast: fmin must be positive, got ${fmin}`);
  const sr = input.sr ?? 22050;
  const { S, freq } = resolveSpectral(input, 'spectralContrast');
  for (let i = 1; i < freq.length; i++) {
    if (!(freq[i] > freq[i - 1])) throw new ParameterError('spectralContrast: freq must be strictly increasing');
  }
  const bands = bandsOf(freq, sr, fmin, nBands, quantile);
  const { cols, data } = S;
  const peak = zeros(nBands + 1, cols);
  const valley = zeros(nBands + 1, cols);
  let maxQ = 0;
  for (const b of bands) maxQ = Math.max(maxQ, b.q);
  // The q smallest (ascending, largest last) and q largest (ascending, smallest first) seen so far:
  // a selection instead of librosa's full sort; the same values are averaged.
  const low = new Float64Array(maxQ);
  const high = new Float64Array(maxQ);
  bands.forEach(({ start, end, q }, k) => {
    const take = Math.min(q, end - start);
    for (let t = 0; t < cols; t++) {
      low.fill(Infinity, 0, take);
      high.fill(-Infinity, 0, take);
      for (let i = start; i < end; i++) {
        const v = data[i * cols + t];
        if (v < low[take - 1]) {
          let j = take - 1;
          while (j > 0 && low[j - 1] > v) {
            low[j] = low[j - 1];
            j--;
          }
          low[j] = v;
        }
        if (v > high[0]) {
          let j = 0;
          while (j < take - 1 && high[j + 1] < v) {
            high[j] = high[j + 1];
            j++;
          }
          high[j] = v;
        }
      }
      let lo = 0;
      let hi = 0;
      for (let j = 0; j < take; j++) {
        lo += low[j];
        hi += high[j];
      }
      valley.data[k * cols + t] = lo / take;
      peak.data[k * cols + t] = hi / take;
    }
  });
  if (linear) {
    for (let i = 0; i < peak.data.length; i++) peak.data[i] -= valley.data[i];
    return peak;
  }
  const peakDb = powerToDb({ S: peak, ref: 1, amin: 1e-10, topDb: 80 });
  const valleyDb = powerToDb({ S: valley, ref: 1, amin: 1e-10, topDb: 80 });
  for (let i = 0; i < peakDb.data.length; i++) peakDb.data[i] -= valleyDb.data[i];
  return peakDb;
}
