/**
 * Musical key from a chromagram by the Krumhansl-Schmuckler key-finding algorithm
 * (Krumhansl 1990, "Cognitive Foundations of Musical Pitch", ch. 4) with the Krumhansl-Kessler
 * (1982) probe-tone profiles: the clip's mean chroma vector is correlated (Pearson) with the
 * major and minor profiles rotated to each of the 12 tonics, and the best of the 24 wins.
 *
 * confidence = the winning correlation clipped to [0, 1] (Essentia's key "strength" is the same
 * quantity): near 1 when the pitch-class distribution looks like the profile, near 0 when it
 * does not. margin = winning minus runner-up correlation, small when two keys (often the
 * relative major/minor) fit about as well. A chromagram with no variation across pitch
 * classes (silence, or flat noise) gives C major with confidence 0, margin 0 and all scores 0.
 */
import { PITCH_CLASSES, type PitchClass } from '../core/convert.ts';
import { ParameterError } from '../errors.ts';
import type { Matrix } from '../matrix.ts';

export type KeyMode = 'major' | 'minor';

/** Krumhansl-Kessler probe-tone ratings, index 0 = tonic, by semitones above it. */
export const KRUMHANSL_KESSLER: Readonly<Record<KeyMode, readonly number[]>> = {
  major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
  minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
};

export interface KeyEstimate {
  tonic: PitchClass;
  mode: KeyMode;
  /** Winning correlation clipped to [0, 1]. */
  confidence: number;
  /** Winning minus second-best correlation, in [0, 2]. */
  margin: number;
  /** Pearson correlation for each tonic (index = pitch class from C) and mode. */
  scores: { major: number[]; minor: number[] };
}

export interface EstimateKeyOptions {
  /** 12 x frames chromagram, row 0 = C (chromaStft's default layout). */
  chroma: Matrix;
}

export function estimateKey({ chroma }: EstimateKeyOptions): KeyEstimate {
  if (chroma.rows !== 12) throw new ParameterError(`estimateKey needs 12 chroma rows, got ${chroma.rows}`);
  const mean = meanChroma(chroma);
  const scores = { major: new Array<number>(12).fill(0), minor: new Array<number>(12).fill(0) };
  let best = { tonic: 0, mode: 'major' as KeyMode, r: -Infinity };
  let second = -Infinity;
  const centred = centre(mean);
  const flat = centred.norm === 0;
  for (const mode of ['major', 'minor'] as const) {
    const profile = centre(KRUMHANSL_KESSLER[mode]);
    for (let tonic = 0; tonic < 12; tonic++) {
      let dot = 0;
      // pitch class c is (c - tonic) semitones above the tonic
      for (let c = 0; c < 12; c++) dot += centred.x[c] * profile.x[(c - tonic + 12) % 12];
      const r = flat ? 0 : Math.max(-1, Math.min(1, dot / (centred.norm * profile.norm)));
      scores[mode][tonic] = r;
      if (r > best.r) {
        second = best.r;
        best = { tonic, mode, r };
      } else if (r > second) second = r;
    }
  }
  return {
    tonic: PITCH_CLASSES[best.tonic],
    mode: best.mode,
    confidence: Math.max(0, best.r),
    margin: best.r - second,
    scores,
  };
}

/** Mean of each chroma row over the frames; zeros for no frames. */
function meanChroma(chroma: Matrix): Float64Array {
  const { cols, data } = chroma;
  const mean = new Float64Array(12);
  if (cols === 0) return mean;
  for (let c = 0; c < 12; c++) {
    let sum = 0;
    for (let t = 0; t < cols; t++) sum += data[c * cols + t];
    if (!Number.isFinite(sum)) throw new ParameterError(`chroma row ${c} is not finite`);
    mean[c] = sum / cols;
  }
  return mean;
}

/** x minus its mean, and the Euclidean norm of that (0 when x is constant). */
function centre(x: ArrayLike<number>): { x: Float64Array; norm: number } {
  let m = 0;
  for (let i = 0; i < 12; i++) m += x[i];
  m /= 12;
  const out = new Float64Array(12);
  let ss = 0;
  for (let i = 0; i < 12; i++) {
    out[i] = x[i] - m;
    ss += out[i] * out[i];
  }
  // a spread this small is rounding noise of a constant vector, not a pitch distribution
  const norm = Math.sqrt(ss);
  return { x: out, norm: norm <= 1e-12 * Math.abs(m) || norm === 0 ? 0 : norm };
}
