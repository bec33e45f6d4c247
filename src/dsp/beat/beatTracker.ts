/**
 * The dynamic-programming core of librosa 0.10.2's beat tracker (Ellis 2007), static-tempo
 * case: __normalize_onsets, __beat_local_score, __beat_track_dp, __last_beat,
 * __dp_backtrack and __trim_beats of librosa/beat.py, step for step, because beat frames
 * are compared for equality. The 0.10.2 details that decide frames:
 * - onsets are divided by their standard deviation with ddof=1 (plus float tiny), in the
 *   envelope's precision;
 * - the local score is a 'same' convolution with exp(-0.5 (32 k / period)^2),
 *   k = -period..period, whose loop skips the term of envelope frame 0 for the first frames;
 * - the DP scans predecessors from nearest (t - round(period / 2), numpy's half-to-even
 *   rounding) to farthest (t - 2 period) and keeps the first strict maximum, so ties go to
 *   the nearest predecessor;
 * - the last beat is the last local maximum of the cumulative score at or above half the
 *   median of those maxima;
 * - trimming clears frames from each end while their local score is at most half the RMS
 *   of the Hann(5)-smoothed local score at the beats (librosa's convolution slice keeps 2
 *   tail values in that mean).
 */
import { ParameterError } from '../errors.ts';
import { FLOAT32_TINY } from '../util/float32.ts';
import type { Envelope } from './tempogram.ts';

const TINY_F64 = 2.2250738585072014e-308;

/** numpy.round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** onsets / (std(onsets, ddof=1) + tiny), float32 arithmetic for a float32 envelope. */
export function normalizeOnsets(env: Envelope): Float64Array {
  const n = env.length;
  const f32 = env instanceof Float32Array;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += env[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (env[i] - mean) ** 2;
  // a single frame has no sample deviation; it is left unscaled rather than NaN
  let norm = n > 1 ? Math.sqrt(ss / (n - 1)) : 1;
  norm = f32 ? Math.fround(Math.fround(norm) + FLOAT32_TINY) : norm + TINY_F64;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f32 ? Math.fround(env[i] / norm) : env[i] / norm;
  return out;
}

/** Smoothed onsets: 'same' convolution with a Gaussian of +-period frames (librosa's loop bounds). */
export function beatLocalScore(onsets: Float64Array, period: number): Float64Array {
  const N = onsets.length;
  const K = 2 * period + 1;
  const half = period;
  const window = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const v = ((k - period) * 32) / period;
    window[k] = Math.exp(-0.5 * (v * v));
  }
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    const hi = Math.min(i + half, K);
    for (let k = Math.max(0, i + half - N + 1); k < hi; k++) s += window[k] * onsets[i + half - k];
    out[i] = s;
  }
  return out;
}

export interface BeatDp {
  backlink: Int32Array;
  cumscore: Float64Array;
}

/** The forward pass: best cumulative score ending in a beat at each frame, and its predecessor. */
export function beatTrackDp(localscore: Float64Array, period: number, tightness: number): BeatDp {
  const N = localscore.length;
  const backlink = new Int32Array(N);
  const cumscore = new Float64Array(N);
  if (N === 0) return { backlink, cumscore };
  let maxScore = -Infinity;
  for (let i = 0; i < N; i++) if (localscore[i] > maxScore) maxScore = localscore[i];
  const scoreThresh = 0.01 * maxScore;
  const nearest = roundHalfEven(period / 2);
  const farthest = 2 * period;
  // transition cost by distance d = i - loc (librosa evaluates the same expression inline)
  const logPeriod = Math.log(period);
  const penalty = new Float64Array(farthest + 1);
  for (let d = 0; d <= farthest; d++) {
    const u = Math.log(d) - logPeriod;
    penalty[d] = tightness * (u * u);
  }
  let firstBeat = true;
  backlink[0] = -1;
  cumscore[0] = localscore[0];
  for (let i = 0; i < N; i++) {
    let best = -Infinity;
    let loc = -1;
    for (let c = i - nearest; c >= i - farthest; c--) {
      if (c < 0) break;
      const score = cumscore[c] - penalty[i - c];
      if (score > best) {
        best = score;
        loc = c;
      }
    }
    const s = localscore[i];
    cumscore[i] = loc >= 0 ? s + best : s;
    if (firstBeat && s < scoreThresh) backlink[i] = -1;
    else {
      backlink[i] = loc;
      firstBeat = false;
    }
  }
  return { backlink, cumscore };
}

/** librosa.util.localmax: x[i] > x[i-1] and x[i] >= x[i+1]; never frame 0; the last if above its neighbour. */
export function localMax(x: Float64Array): Uint8Array {
  const n = x.length;
  const out = new Uint8Array(n);
  for (let i = 1; i < n - 1; i++) out[i] = x[i] > x[i - 1] && x[i] >= x[i + 1] ? 1 : 0;
  if (n > 1) out[n - 1] = x[n - 1] > x[n - 2] ? 1 : 0;
  return out;
}

/** Frame of the last beat: the last local maximum of cumscore at or above half their median. */
export function lastBeat(cumscore: Float64Array): number {
  const n = cumscore.length;
  const isMax = localMax(cumscore);
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) if (isMax[i]) peaks.push(cumscore[i]);
  if (peaks.length === 0) return n - 1;
  peaks.sort((a, b) => a - b);
  const h = peaks.length >> 1;
  const median = peaks.length % 2 === 1 ? peaks[h] : (peaks[h - 1] + peaks[h]) / 2;
  const threshold = 0.5 * median;
  for (let i = n - 1; i >= 0; i--) if (isMax[i] && cumscore[i] >= threshold) return i;
  return n - 1;
}

/** Beat indicator per frame from the backlinks, starting at `tail`. */
export function dpBacktrack(backlink: Int32Array, tail: number): Uint8Array {
  const beats = new Uint8Array(backlink.length);
  for (let n = tail; n >= 0; n = backlink[n]) beats[n] = 1;
  return beats;
}

/** Clears frames from both ends while their local score is at most the threshold (in place). */
export function trimBeats(localscore: Float64Array, beats: Uint8Array, trim: boolean): Uint8Array {
  const T = localscore.length;
  let threshold = 0;
  if (trim) {
    const values: number[] = [];
    for (let i = 0; i < T; i++) if (beats[i]) values.push(localscore[i]);
    // numpy.convolve(values, hanning(5)) in full, sliced [2 : T + 2]: the whole smoothed
    // sequence and, because T >= beat count, the first 2 tail samples as well
    const w = [0, 0.5, 1, 0.5, 0];
    const nb = values.length;
    const fullLength = nb + 4;
    const end = Math.min(fullLength, T + 2);
    let sumSq = 0;
    for (let m = 2; m < end; m++) {
      let s = 0;
      for (let j = 0; j < 5; j++) {
        const idx = m - j;
        if (idx >= 0 && idx < nb) s += values[idx] * w[j];
      }
      sumSq += s * s;
    }
    const count = end - 2;
    threshold = count > 0 ? 0.5 * Math.sqrt(sumSq / count) : 0;
  }
  for (let n = 0; n < T && localscore[n] <= threshold; n++) beats[n] = 0;
  for (let n = T - 1; n >= 0 && localscore[n] <= threshold; n--) beats[n] = 0;
  return beats;
}

/** Beat frames of an onset envelope at a fixed tempo (librosa's __beat_tracker). */
export function beatTracker(env: Envelope, bpm: number, frameRate: number, tightness: number, trim: boolean): Int32Array {
  if (!(bpm > 0)) throw new ParameterError(`bpm=${bpm} must be strictly positive`);
  if (!(tightness > 0)) throw new ParameterError('tightness must be strictly positive');
  const period = roundHalfEven((frameRate * 60) / bpm);
  if (!(period >= 1) || !Number.isFinite(period)) throw new ParameterError(`bpm=${bpm} is faster than one beat per frame at ${frameRate} frames/s`);
  const localscore = beatLocalScore(normalizeOnsets(env), period);
  const { backlink, cumscore } = beatTrackDp(localscore, period, tightness);
  const beats = trimBeats(localscore, dpBacktrack(backlink, lastBeat(cumscore)), trim);
  let count = 0;
  for (let i = 0; i < beats.length; i++) count += beats[i];
  const frames = new Int32Array(count);
  for (let i = 0, j = 0; i < beats.length; i++) if (beats[i]) frames[j++] = i;
  return frames;
}
