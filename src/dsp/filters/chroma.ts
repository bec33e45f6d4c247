/**
 * Chroma filterbank, as librosa.filters.chroma (0.10.2; same weights as 0.7/0.8): each FFT bin
 * k > 0 sits at frqbin = nChroma * log2(f_k / (A440 / 16)) with A440 = 440 * 2^(tuning / nChroma);
 * the DC bin is placed 1.5 octaves below bin 1. Chroma c gets a Gaussian bump
 * exp(-0.5 * (2 * D / binwidth)^2) of the circular distance D between frqbin and c, each bin's
 * column is normalised (L2 by default), then weighted by a Gaussian over octaves centred on
 * `ctroct` (octaves above A0 = 27.5 Hz) with half-width `octwidth`, and rows are rolled so that
 * row 0 is C (baseC) instead of A. Built in float64, stored as float32 like librosa's dtype.
 */
import { ParameterError } from '../errors.ts';

export interface ChromaFilterOptions {
  sr?: number;
  nFft?: number;
  nChroma?: number;
  /** Tuning deviation from A440 in fractions of a chroma bin, in [-0.5, 0.5). */
  tuning?: number;
  /** Centre of the octave weighting, in octaves above A0 (default 5: A5 = 880 Hz). */
  ctroct?: number;
  /** Gaussian half-width of the octave weighting in octaves; null weights all octaves alike. */
  octwidth?: number | null;
  /** Per-bin (column) norm of the bumps: a p > 0 (Infinity for max), or null for none. */
  norm?: number | null;
  /** Start at C (true, default) or at A. */
  baseC?: boolean;
}

export interface ChromaBasis {
  nChroma: number;
  /** 1 + nFft / 2 */
  nBins: number;
  /** nChroma x nBins, row-major. */
  weights: Float32Array;
}

const cache = new Map<string, ChromaBasis>();
const CACHE_SIZE = 16; // one entry per tuning value met; keep the last few

export function chromaFilterbank({
  sr = 22050,
  nFft = 2048,
  nChroma = 12,
  tuning = 0,
  ctroct = 5,
  octwidth = 2,
  norm = 2,
  baseC = true,
}: ChromaFilterOptions = {}): ChromaBasis {
  const key = [sr, nFft, nChroma, tuning, ctroct, octwidth, norm, baseC].join();
  const hit = cache.get(key);
  if (hit) return hit;
  if (!(sr > 0) || !Number.isInteger(nFft) || nFft < 2) throw new ParameterError(`bad chroma filter size: sr=${sr}, nFft=${nFft}`);
  if (!Number.isInteger(nChroma) || nChroma < 1) throw new ParameterError(`nChroma must be a positive integer, got ${nChroma}`);
  if (!Number.isFinite(tuning)) throw new ParameterError(`tuning must be finite, got ${tuning}`);
  if (norm !== null && !(norm > 0)) throw new ParameterError(`chroma filter norm must be > 0 or null, got ${norm}`);

  // librosa builds all nFft columns (also the aliased upper half) and keeps the first 1 + nFft/2
  const nBins = 1 + Math.floor(nFft / 2);
  const a0 = (440 * 2 ** (tuning / nChroma)) / 16;
  const step = sr / nFft;
  const frqbins = new Float64Array(nBins + 1); // one past the kept bins, for the last bin width
  for (let k = 1; k <= nBins && k < nFft; k++) frqbins[k] = nChroma * Math.log2((k * step) / a0);
  frqbins[0] = frqbins[1] - 1.5 * nChroma;
  const half = roundHalfEven(nChroma / 2); // np.round
  const col = new Float64Array(nChroma);
  const w = new Float64Array(nChroma * nBins);
  for (let k = 0; k < nBins; k++) {
    // width of bin k in chroma bins, at least 1; the very last FFT bin (k = nFft - 1) gets 1
    const binwidth = k + 1 < nFft ? Math.max(frqbins[k + 1] - frqbins[k], 1) : 1;
    for (let c = 0; c < nChroma; c++) {
      // circular distance in (-half, half], shifted positive before the remainder as librosa does
      const d = ((frqbins[k] - c + half + 10 * nChroma) % nChroma) - half;
      const z = (2 * d) / binwidth;
      col[c] = Math.exp(-0.5 * z * z);
    }
    const length = columnNorm(col, norm);
    const octWeight = octwidth === null ? 1 : Math.exp(-0.5 * ((frqbins[k] / nChroma - ctroct) / octwidth) ** 2);
    const shift = baseC ? 3 * Math.floor(nChroma / 12) : 0;
    for (let c = 0; c < nChroma; c++) {
      // np.roll(wts, -shift, axis=0): new row c is old row c + shift
      const src = (c + shift) % nChroma;
      w[c * nBins + k] = (col[src] / length) * octWeight;
    }
  }
  const basis: ChromaBasis = { nChroma, nBins, weights: Float32Array.from(w) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, basis);
  return basis;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** librosa.util.normalize's length of one column; 1 where it is below float64's tiny (left as is). */
function columnNorm(col: Float64Array, norm: number | null): number {
  if (norm === null) return 1;
  let length = 0;
  if (norm === Infinity) {
    for (let c = 0; c < col.length; c++) length = Math.max(length, Math.abs(col[c]));
  } else {
    for (let c = 0; c < col.length; c++) length += Math.abs(col[c]) ** norm;
    length = norm === 2 ? Math.sqrt(length) : length ** (1 / norm);
  }
  return length < 2.2250738585072014e-308 ? 1 : length;
}
