/**
 * Chromagram from a power spectrogram, as librosa.feature.chroma_stft (0.10.2): |STFT|^2,
 * the tuning estimated from it (librosa.estimate_tuning) unless given, the chroma filterbank
 * (librosa.filters.chroma) applied to every frame, then each frame divided by its max
 * (librosa.util.normalize, norm=inf, threshold = float32 tiny, fill=None: frames whose norm is
 * below the threshold, i.e. silent ones, are left as they are).
 */
import { estimateTuning } from '../core/pitch.ts';
import { type SpectrogramInput, spectrogram } from '../core/spectrum.ts';
import { ParameterError } from '../errors.ts';
import { type ChromaBasis, type ChromaFilterOptions, chromaFilterbank } from '../filters/chroma.ts';
import { type Matrix, zeros } from '../matrix.ts';
import { FLOAT32_TINY } from '../util/float32.ts';


export interface ChromaStftOptions extends Omit<SpectrogramInput, 'power'>, Omit<ChromaFilterOptions, 'nFft' | 'norm' | 'tuning'> {
  /** A precomputed power spectrogram (|STFT|^2), bins x frames; else computed from y. */
  S?: Matrix;
  sr?: number;
  /** Per-frame norm of the output: Infinity (max, default), a p > 0, or null for none. */
  norm?: number | null;
  /** Tuning in fractions of a chroma bin; estimated from the spectrogram when absent. */
  tuning?: number | null;
}

/** Chroma energy per frame, nChroma x frames (row 0 is C by default). */
export function chromaStft(options: ChromaStftOptions): Matrix {
  return chromaStftWithTuning(options).chroma;
}

/** chromaStft, also returning the tuning it used (estimated or given). */
export function chromaStftWithTuning({
  sr = 22050,
  norm = Infinity,
  tuning,
  nChroma = 12,
  ctroct,
  octwidth,
  baseC,
  ...rest
}: ChromaStftOptions): { chroma: Matrix; tuning: number } {
  if (norm !== null && !(norm > 0)) throw new ParameterError(`norm must be > 0 (Infinity for max) or null, got ${norm}`);
  const { S, nFft } = spectrogram({ ...rest, power: 2 });
  if (S.rows < 2) throw new ParameterError(`spectrogram needs at least 2 frequency bins, got ${S.rows}`);
  const t = tuning ?? estimateTuning({ S, sr, binsPerOctave: nChroma });
  const basis = chromaFilterbank({ sr, nFft, nChroma, tuning: t, ctroct, octwidth, baseC });
  const chroma = applyChromaBasis(basis, S);
  normalizeFrames(chroma, norm);
  return { chroma, tuning: t };
}

/** Per bin, the chroma rows whose weight matters (see sparseBasis). */
interface SparseBasis {
  start: Int32Array; // entries of bin k: [start[k], start[k + 1])
  chroma: Int32Array;
  weight: Float32Array;
}

const sparseCache = new WeakMap<ChromaBasis, SparseBasis>();

/**
 * The filterbank without weights below 1e-10 of their bin's largest: each bin's column has
 * unit L2 norm before the octave weighting, so what is dropped from a frame's chroma is below
 * about 1e-9 of its maximum, far under float32 resolution. Away from the lowest bins the
 * Gaussian bumps make about half of the 12 x 1025 weights negligible.
 */
function sparseBasis(basis: ChromaBasis): SparseBasis {
  const hit = sparseCache.get(basis);
  if (hit) return hit;
  const { nChroma, nBins, weights } = basis;
  const start = new Int32Array(nBins + 1);
  const chroma: number[] = [];
  const weight: number[] = [];
  for (let k = 0; k < nBins; k++) {
    start[k] = chroma.length;
    let peak = 0;
    for (let c = 0; c < nChroma; c++) peak = Math.max(peak, Math.abs(weights[c * nBins + k]));
    for (let c = 0; c < nChroma; c++) {
      const w = weights[c * nBins + k];
      if (w !== 0 && Math.abs(w) >= 1e-10 * peak) {
        chroma.push(c);
        weight.push(w);
      }
    }
  }
  start[nBins] = chroma.length;
  const sparse = { start, chroma: Int32Array.from(chroma), weight: Float32Array.from(weight) };
  sparseCache.set(basis, sparse);
  return sparse;
}

/**
 * basis x S (nChroma x frames), accumulated in float64 and stored as float32 like librosa's.
 * Up to four chroma rows are updated per pass over a spectrogram row, the rest in one more
 * pass: one load of S per several multiply-adds roughly halves the time of a plain loop.
 */
function applyChromaBasis(basis: ChromaBasis, S: Matrix): Matrix {
  if (basis.nBins !== S.rows) throw new ParameterError(`spectrogram has ${S.rows} bins, chroma basis expects ${basis.nBins}`);
  const { start, chroma, weight } = sparseBasis(basis);
  const cols = S.cols;
  const acc = new Float64Array(basis.nChroma * cols);
  const s = S.data;
  for (let k = 0; k < basis.nBins; k++) {
    const src = k * cols;
    const end = start[k + 1];
    let e = start[k];
    for (; e + 3 < end; e += 4) {
      const w0 = weight[e];
      const w1 = weight[e + 1];
      const w2 = weight[e + 2];
      const w3 = weight[e + 3];
      const d0 = chroma[e] * cols;
      const d1 = chroma[e + 1] * cols;
      const d2 = chroma[e + 2] * cols;
      const d3 = chroma[e + 3] * cols;
      for (let t = 0; t < cols; t++) {
        const v = s[src + t];
        acc[d0 + t] += w0 * v;
        acc[d1 + t] += w1 * v;
        acc[d2 + t] += w2 * v;
        acc[d3 + t] += w3 * v;
      }
    }
    // the one to three left over in one pass as well
    const left = end - e;
    if (left === 3) {
      const w0 = weight[e];
      const w1 = weight[e + 1];
      const w2 = weight[e + 2];
      const d0 = chroma[e] * cols;
      const d1 = chroma[e + 1] * cols;
      const d2 = chroma[e + 2] * cols;
      for (let t = 0; t < cols; t++) {
        const v = s[src + t];
        acc[d0 + t] += w0 * v;
        acc[d1 + t] += w1 * v;
        acc[d2 + t] += w2 * v;
      }
    } else if (left === 2) {
      const w0 = weight[e];
      const w1 = weight[e + 1];
      const d0 = chroma[e] * cols;
      const d1 = chroma[e + 1] * cols;
      for (let t = 0; t < cols; t++) {
        const v = s[src + t];
        acc[d0 + t] += w0 * v;
        acc[d1 + t] += w1 * v;
      }
    } else if (left === 1) {
      const w = weight[e];
      const dst = chroma[e] * cols;
      for (let t = 0; t < cols; t++) acc[dst + t] += w * s[src + t];
    }
  }
  const out = zeros(basis.nChroma, cols);
  out.data.set(acc);
  return out;
}

/** librosa.util.normalize(axis=-2, threshold=tiny, fill=None), in place, per frame. */
function normalizeFrames(m: Matrix, norm: number | null): void {
  if (norm === null) return;
  const { rows, cols, data } = m;
  for (let t = 0; t < cols; t++) {
    let length = 0;
    if (norm === Infinity) {
      for (let c = 0; c < rows; c++) length = Math.max(length, Math.abs(data[c * cols + t]));
    } else {
      for (let c = 0; c < rows; c++) length += Math.abs(data[c * cols + t]) ** norm;
      length = length ** (1 / norm);
    }
    if (length < FLOAT32_TINY) continue; // left unnormalised (also keeps silence at 0, not NaN)
    for (let c = 0; c < rows; c++) data[c * cols + t] /= length;
  }
}
