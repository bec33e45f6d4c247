/**
 * Signal descriptors of one window (about 3 s) of a mel power spectrogram (bands x frames), the
 * no-music detector's physical evidence:
 *   peakDb      the loudest mel bin (dB re 1): near silence;
 *   changeDb    how much each band's level moves over time (the std of its dB, smoothed over
 *               ~128 ms, weighted by the band's energy): noise, tones and hum barely move, music does;
 *   unevenDb    how far the (time-averaged) spectrum is from a smooth curve over the bands (std of
 *               the residual of a quadratic fit in dB): noise of any colour is smooth, tones and hum
 *               are a few sharp peaks (a window's leakage spreads a tone too smoothly for a local
 *               comparison of neighbouring bands to see it);
 *   flickerDb   how much each band's level jumps from one frame to the next (mean |step| in dB,
 *               energy-weighted): noise flickers by its nature, whatever its colour or filtering,
 *               a steady tone does not;
 *   peakShare   the median share of a loud frame's power in its two strongest bands: one tone at a
 *               time (a sweep, stepped test tones) puts nearly all of it there, music spreads it;
 *   gapShare    the share of frames more than 30 dB below the window's loud frames (95th
 *               percentile): clicks, beeps and a metronome are mostly nothing;
 *   dominantHz  the centre of the strongest band: a steady low peak is hum.
 * Works on any mel configuration (the CNN's 22.05 kHz 128-band one at the quick stage, musicnn's
 * 16 kHz 96-band one at the final stage); each has its own thresholds (NoMusicMetadata).
 */
import { melFrequencies } from '../../dsp/core/convert.ts';
import type { Matrix } from '../../dsp/matrix.ts';
import type { MelSpectrogramConfig } from '../metadata.ts';

export interface WindowSignal {
  peakDb: number;
  changeDb: number;
  unevenDb: number;
  flickerDb: number;
  peakShare: number;
  gapShare: number;
  dominantHz: number;
}

/** What the descriptors need to know about a mel spectrogram: its frame rate and band centres. */
export interface MelGrid {
  frameRateHz: number;
  bandHz: Float64Array;
}

export function melGrid(f: MelSpectrogramConfig): MelGrid {
  // Slaney/HTK band edges: nMels + 2 points from fmin to fmax; band k is centred on point k + 1
  const edges = melFrequencies({ nMels: f.nMels + 2, fmin: f.fmin, fmax: f.fmax, htk: f.htk });
  return { frameRateHz: f.sampleRateHz / f.hopLength, bandHz: edges.subarray(1, f.nMels + 1) };
}

const SMOOTH_SEC = 0.128;
const GAP_DB = 30;
/** Floor of the dB conversions (mel power 1e-12): digital silence stays finite. */
const AMIN = 1e-12;
const db = (p: number) => 10 * Math.log10(Math.max(p, AMIN));

function quantile(values: Float64Array, q: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Std of the residual of a least-squares quadratic in the band index (normal equations, 3 x 3). */
function quadraticResidualStd(y: Float64Array): number {
  const n = y.length;
  const m = new Float64Array(5);
  const r = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const x = i / (n - 1);
    let p = 1;
    for (let k = 0; k < 5; k++) {
      m[k] += p;
      if (k < 3) r[k] += p * y[i];
      p *= x;
    }
  }
  const c = solve3([[m[0], m[1], m[2]], [m[1], m[2], m[3]], [m[2], m[3], m[4]]], [r[0], r[1], r[2]]);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = i / (n - 1);
    ss += (y[i] - (c[0] + c[1] * x + c[2] * x * x)) ** 2;
  }
  return Math.sqrt(ss / n);
}

/** Cramer's rule for a 3 x 3 system. */
function solve3(a: number[][], b: number[]): number[] {
  const det = (q: number[][]) =>
    q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  const d = det(a);
  return [0, 1, 2].map((k) => det(a.map((row, i) => row.map((v, j) => (j === k ? b[i] : v)))) / d);
}

/** The descriptors of frames [start, start + frames) of `power` (clipped to the spectrogram). */
export function windowSignal(power: Matrix, start: number, frames: number, grid: MelGrid): WindowSignal {
  const nb = power.rows;
  const t0 = Math.max(0, start);
  const t1 = Math.min(power.cols, start + frames);
  const n = t1 - t0;
  const at = (b: number, t: number) => power.data[b * power.cols + t];
  const smooth = Math.max(1, Math.min(n, Math.round(SMOOTH_SEC * grid.frameRateHz)));

  let peak = 0;
  const frameTotal = new Float64Array(n);
  const bandMean = new Float64Array(nb);
  const top2Shares = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let first = 0;
    let second = 0;
    for (let b = 0; b < nb; b++) {
      const p = at(b, t0 + t);
      frameTotal[t] += p;
      bandMean[b] += p / n;
      if (p > peak) peak = p;
      if (p > first) [first, second] = [p, first];
      else if (p > second) second = p;
    }
    top2Shares[t] = frameTotal[t] > 0 ? (first + second) / frameTotal[t] : 0;
  }

  // each band's level over time, moving-averaged, in dB; its std weighted by the band's energy
  const energy = bandMean.reduce((s, v) => s + v, 0);
  let changeDb = 0;
  let flickerDb = 0;
  const m = n - smooth + 1;
  for (let b = 0; b < nb && energy > 0; b++) {
    let steps = 0;
    for (let t = 1; t < n; t++) steps += Math.abs(db(at(b, t0 + t)) - db(at(b, t0 + t - 1)));
    flickerDb += (bandMean[b] / energy) * (n > 1 ? steps / (n - 1) : 0);
    let run = 0;
    let sum = 0;
    let sum2 = 0;
    for (let t = 0; t < n; t++) {
      run += at(b, t0 + t);
      if (t >= smooth) run -= at(b, t0 + t - smooth);
      if (t >= smooth - 1) {
        const v = db(run / smooth);
        sum += v;
        sum2 += v * v;
      }
    }
    const variance = Math.max(0, sum2 / m - (sum / m) ** 2);
    changeDb += (bandMean[b] / energy) * Math.sqrt(variance);
  }

  const loud = quantile(Float64Array.from(frameTotal, db), 0.95);
  const inGap = (t: number) => db(frameTotal[t]) < loud - GAP_DB;
  const gapShare = frameTotal.reduce((s, _, t) => s + (inGap(t) ? 1 : 0), 0) / n;
  // the gaps between clicks hold no tone: their frames stay out of the single-tone share
  const loudShares = top2Shares.filter((_, t) => !inGap(t) && frameTotal[t] > 0);
  let dominant = 0;
  for (let b = 1; b < nb; b++) if (bandMean[b] > bandMean[dominant]) dominant = b;
  return {
    peakDb: db(peak),
    changeDb,
    unevenDb: quadraticResidualStd(Float64Array.from(bandMean, db)),
    flickerDb,
    peakShare: loudShares.length ? quantile(loudShares, 0.5) : 0,
    gapShare,
    dominantHz: grid.bandHz[dominant],
  };
}
