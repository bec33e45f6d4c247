/**
 * Spectral-flux onset strength, as librosa.onset.onset_strength (librosa 0.10,
 * onset_strength_multi with one channel): the log-power (dB, ref 1, top_db 80) mel
 * spectrogram's increase from frame t - lag to frame t, half-wave rectified and aggregated
 * over bands by mean or median, front-padded with lag (+ nFft // (2 * hop) when centred)
 * zeros so that peaks line up with the STFT frames, and trimmed to the STFT frame count.
 *
 * Arithmetic follows numpy on float32 data: the difference, the running band sum and the
 * median's midpoint are rounded to float32 at each step, so equal inputs give equal bits.
 */
import { powerToDb } from '../core/db.ts';
import type { PadMode } from '../core/pad.ts';
import type { WindowName } from '../core/window.ts';
import { ParameterError } from '../errors.ts';
import { melSpectrogram } from '../feature/melSpectrogram.ts';
import type { Matrix } from '../matrix.ts';
import { medianFloat32InPlace } from '../util/stats.ts';

export type OnsetAggregate = 'mean' | 'median';

export interface OnsetStrengthOptions {
  /** Audio time series; used when neither S nor melPower is given. */
  y?: Float32Array;
  /** librosa's S: a log-power (dB) spectrogram, bins x frames, used as is. */
  S?: Matrix;
  /**
   * A precomputed mel power spectrogram (bins x frames), converted with
   * powerToDb(ref 1, amin 1e-10, topDb 80) as librosa converts its own: lets the pipeline
   * compute the mel once for MFCC and onsets.
   */
  melPower?: Matrix;
  sr?: number;
  /** FFT size of the mel spectrogram; with `center` it also sets the shift (default 2048). */
  nFft?: number;
  hopLength?: number;
  /** Frames between the compared spectra (default 1). */
  lag?: number;
  /** Width in bands of the maximum filter over frequency applied to the reference frame (1 = none). */
  maxSize?: number;
  /** Remove the DC component with the filter (1 - z^-1) / (1 - 0.99 z^-1). */
  detrend?: boolean;
  /** Shift by nFft // (2 * hopLength) frames and trim to the spectrogram's frame count (default true). */
  center?: boolean;
  /** How the bands are combined: 'mean' (librosa's default) or 'median' (what beat_track uses). */
  aggregate?: OnsetAggregate;
  nMels?: number;
  fmin?: number;
  /** Top of the mel range (librosa's onset default: sr / 2). */
  fmax?: number;
  htk?: boolean;
  norm?: 'slaney' | null;
  window?: WindowName;
  winLength?: number;
  /** STFT padding: 'constant' is librosa 0.10's default, the GTZAN table used 'reflect'. */
  padMode?: PadMode;
}

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ParameterError(`${name} must be a positive integer, got ${v}`);
}

/** The dB spectrogram the flux is taken on: S as given, or power_to_db of the mel power. */
function logSpectrogram(o: OnsetStrengthOptions, sr: number, nFft: number, hopLength: number): Matrix {
  if (o.S) return o.S;
  if (o.melPower) return powerToDb({ S: o.melPower, ref: 1, amin: 1e-10, topDb: 80 });
  if (!o.y) throw new ParameterError('give y (audio), melPower (a mel power spectrogram) or S (a dB spectrogram)');
  const mel = melSpectrogram({
    y: o.y,
    sr,
    nFft,
    hopLength,
    winLength: o.winLength,
    window: o.window,
    padMode: o.padMode,
    nMels: o.nMels ?? 128,
    fmin: o.fmin,
    fmax: o.fmax ?? sr / 2,
    htk: o.htk,
    norm: o.norm,
  });
  return powerToDb({ S: mel, ref: 1, amin: 1e-10, topDb: 80 });
}

/**
 * scipy.ndimage.maximum_filter1d over bins (axis -2) with its default 'reflect' boundary
 * (half-sample symmetric: d c b a | a b c d | d c b a) and a centred window.
 */
function maxFilterBins(S: Matrix, size: number): Float32Array {
  const { rows, cols, data } = S;
  const out = new Float32Array(rows * cols);
  const before = Math.floor(size / 2);
  for (let b = 0; b < rows; b++) {
    const dst = b * cols;
    out.fill(-Infinity, dst, dst + cols);
    for (let j = b - before; j < b - before + size; j++) {
      let src = j;
      // reflect until inside: a window wider than the band count folds more than once
      while (src < 0 || src >= rows) src = src < 0 ? -src - 1 : 2 * rows - src - 1;
      const base = src * cols;
      for (let t = 0; t < cols; t++) if (data[base + t] > out[dst + t]) out[dst + t] = data[base + t];
    }
  }
  return out;
}

/** Onset strength envelope, one value per spectrogram frame (Float32Array). */
export function onsetStrength(options: OnsetStrengthOptions): Float32Array {
  const { sr = 22050, nFft = 2048, hopLength = 512, lag = 1, maxSize = 1, detrend = false, center = true, aggregate = 'mean' } = options;
  checkPositiveInt('lag', lag);
  checkPositiveInt('maxSize', maxSize);
  checkPositiveInt('hopLength', hopLength);
  if (aggregate !== 'mean' && aggregate !== 'median') throw new ParameterError(`aggregate must be 'mean' or 'median', got ${String(aggregate)}`);
  if (!(sr > 0)) throw new ParameterError(`sr must be positive, got ${sr}`);

  const S = logSpectrogram(options, sr, nFft, hopLength);
  const { rows, cols, data } = S;
  if (rows < 1 || cols < 1) throw new ParameterError(`spectrogram must have at least one bin and one frame, got ${rows} x ${cols}`);
  const ref = maxSize === 1 ? data : maxFilterBins(S, maxSize);

  const padWidth = lag + (center ? Math.floor(nFft / (2 * hopLength)) : 0);
  const nDiff = Math.max(0, cols - lag);
  const fullLength = padWidth + nDiff;
  // centred: trimmed to the input's frame count (always <= fullLength since padWidth >= lag)
  const outLength = center ? Math.min(cols, fullLength) : fullLength;
  const out = new Float32Array(outLength);
  const count = Math.min(nDiff, outLength - padWidth);

  if (count > 0) {
    if (aggregate === 'mean') {
      // numpy reduces over the band axis row by row, accumulating in float32
      const acc = new Float32Array(count);
      for (let b = 0; b < rows; b++) {
        const base = b * cols;
        for (let t = 0; t < count; t++) {
          const d = Math.fround(data[base + t + lag] - ref[base + t]);
          if (d > 0) acc[t] += d;
        }
      }
      for (let t = 0; t < count; t++) out[padWidth + t] = acc[t] / rows;
    } else {
      const column = new Float32Array(rows);
      for (let t = 0; t < count; t++) {
        for (let b = 0; b < rows; b++) {
          const d = Math.fround(data[b * cols + t + lag] - ref[b * cols + t]);
          column[b] = d > 0 ? d : 0;
        }
        out[padWidth + t] = medianFloat32InPlace(column, rows);
      }
    }
  }

  if (detrend) {
    // scipy.signal.lfilter([1, -1], [1, -0.99]) over the padded envelope, in float64
    let prevX = 0;
    let prevY = 0;
    for (let t = 0; t < outLength; t++) {
      const x = out[t];
      const yv = x - prevX + 0.99 * prevY;
      out[t] = yv;
      prevX = x;
      prevY = yv;
    }
  }
  return out;
}
