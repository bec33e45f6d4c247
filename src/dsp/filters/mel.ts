/**
 * Mel filterbank, as librosa.filters.mel: triangles between consecutive mel-spaced
 * frequencies on the Slaney (default) or HTK scale, with Slaney area normalisation
 * (2 / bandwidth) by default. Stored sparsely: each filter is non-zero on one run of bins.
 */
import { fftFrequencies, melFrequencies } from '../core/convert.ts';
import { ParameterError } from '../errors.ts';

export interface MelOptions {
  sr?: number;
  nFft?: number;
  nMels?: number;
  fmin?: number;
  /** Highest frequency (default sr / 2). */
  fmax?: number;
  htk?: boolean;
  /** 'slaney' divides each triangle by its width in Hz (constant area); null leaves peaks at 1. */
  norm?: 'slaney' | null;
}

/** nMels filters; filter m has weights[m][k - start[m]] for bins start[m] <= k < end[m]. */
export interface MelBasis {
  nMels: number;
  nBins: number;
  start: Int32Array;
  end: Int32Array;
  weights: Float32Array[];
}

const cache = new Map<string, MelBasis>();

export function melFilterbank({ sr = 22050, nFft = 2048, nMels = 128, fmin = 0, fmax, htk = false, norm = 'slaney' }: MelOptions = {}): MelBasis {
  const top = fmax ?? sr / 2;
  const key = [sr, nFft, nMels, fmin, top, htk, norm].join();
  const hit = cache.get(key);
  if (hit) return hit;
  if (nMels < 1 || top <= fmin) throw new ParameterError(`bad mel range: nMels=${nMels}, fmin=${fmin}, fmax=${top}`);
  const fftFreqs = fftFrequencies({ sr, nFft });
  const melF = melFrequencies({ nMels: nMels + 2, fmin, fmax: top, htk });
  const nBins = fftFreqs.length;
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  const weights: Float32Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const lowDiff = melF[m + 1] - melF[m];
    const highDiff = melF[m + 2] - melF[m + 1];
    const enorm = norm === 'slaney' ? 2 / (melF[m + 2] - melF[m]) : 1;
    const row = new Float32Array(nBins);
    let first = -1;
    let last = -1;
    for (let k = 0; k < nBins; k++) {
      // librosa: max(0, min(-ramps[m] / fdiff[m], ramps[m + 2] / fdiff[m + 1]))
      const lower = (fftFreqs[k] - melF[m]) / lowDiff;
      const upper = (melF[m + 2] - fftFreqs[k]) / highDiff;
      const v = Math.max(0, Math.min(lower, upper));
      if (v > 0) {
        row[k] = Math.fround(Math.fround(v) * Math.fround(enorm));
        if (first < 0) first = k;
        last = k;
      }
    }
    start[m] = first < 0 ? 0 : first;
    end[m] = first < 0 ? 0 : last + 1;
    weights.push(row.slice(start[m], end[m]));
  }
  const basis = { nMels, nBins, start, end, weights };
  cache.set(key, basis);
  return basis;
}
