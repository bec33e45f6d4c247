/**
 * Short-time Fourier transform and its inverse, as librosa.stft / librosa.istft (0.10), plus
 * the magnitude/power spectrogram every spectral feature starts from (librosa's _spectrogram).
 *
 * Frame t covers padded samples [t * hop, t * hop + nFft); with `center` the signal is first
 * padded by nFft/2 on both sides, so frame t is centred on sample t * hop. Bins are rfft bins
 * 0..nFft/2. Transforms run in float64 and are stored as float32, as librosa stores complex64.
 */
import { ParameterError } from '../errors.ts';
import { type ComplexMatrix, type Matrix, zeros } from '../matrix.ts';
import { fftPlan, irfftInto, rfftInto } from './fft.ts';
import { frameCount, pad, type PadMode } from './pad.ts';
import { paddedWindow, type WindowName } from './window.ts';
import { FLOAT32_TINY } from '../util/float32.ts';

export interface StftOptions {
  /** FFT size, a power of two (default 2048). */
  nFft?: number;
  /** Samples between frames (default winLength / 4). */
  hopLength?: number;
  /** Window length, at most nFft (default nFft). */
  winLength?: number;
  window?: WindowName;
  /** Pad so that frame t is centred on sample t * hopLength (default true). */
  center?: boolean;
  /** Padding used when centring: librosa 0.10 defaults to 'constant'; the GTZAN table used 'reflect'. */
  padMode?: PadMode;
}

export interface ResolvedStft {
  nFft: number;
  hopLength: number;
  winLength: number;
  window: WindowName;
  center: boolean;
  padMode: PadMode;
}

export function resolveStft(o: StftOptions = {}): ResolvedStft {
  const nFft = o.nFft ?? 2048;
  const winLength = o.winLength ?? nFft;
  const hopLength = o.hopLength ?? Math.floor(winLength / 4);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hopLength must be a positive integer, got ${hopLength}`);
  return { nFft, hopLength, winLength, window: o.window ?? 'hann', center: o.center ?? true, padMode: o.padMode ?? 'constant' };
}

function checkSignal(y: Float32Array): void {
  if (y.length === 0) throw new ParameterError('audio signal is empty');
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new ParameterError(`audio signal is not finite at sample ${i}`);
  }
}

/** Number of STFT frames for a signal of n samples. */
export function stftFrameCount(n: number, o: StftOptions = {}): number {
  const r = resolveStft(o);
  const padded = r.center ? n + 2 * Math.floor(r.nFft / 2) : n;
  return frameCount(padded, r.nFft, r.hopLength);
}

/**
 * Runs `visit(t, spectrum)` for every frame t, `spectrum` holding the frame's rfft bins
 * interleaved (re, im). The one framing loop behind stft and spectrogram.
 */
function forEachFrameSpectrum(y: Float32Array, r: ResolvedStft, visit: (t: number, spectrum: Float64Array) => void): number {
  checkSignal(y);
  const half = Math.floor(r.nFft / 2);
  const x = r.center ? pad(y, half, half, r.padMode) : y;
  const nFrames = frameCount(x.length, r.nFft, r.hopLength);
  if (nFrames === 0) throw new ParameterError(`signal of ${y.length} samples is shorter than nFft=${r.nFft} (use center=true)`);
  const plan = fftPlan(r.nFft);
  const w = paddedWindow(r.window, r.winLength, r.nFft);
  const frame = new Float64Array(r.nFft);
  const spec = new Float64Array(2 * r.nFft);
  for (let t = 0; t < nFrames; t++) {
    const off = t * r.hopLength;
    for (let i = 0; i < r.nFft; i++) frame[i] = w[i] * x[off + i];
    rfftInto(plan, frame, spec);
    visit(t, spec);
  }
  return nFrames;
}

/** Complex STFT, (1 + nFft/2) bins x frames. */
export function stft({ y, ...options }: { y: Float32Array } & StftOptions): ComplexMatrix {
  const r = resolveStft(options);
  const rows = 1 + Math.floor(r.nFft / 2);
  const cols = stftFrameCount(y.length, r);
  const re = new Float32Array(rows * cols);
  const im = new Float32Array(rows * cols);
  forEachFrameSpectrum(y, r, (t, spec) => {
    for (let k = 0; k < rows; k++) {
      re[k * cols + t] = spec[2 * k];
      im[k * cols + t] = spec[2 * k + 1];
    }
  });
  return { rows, cols, re, im };
}

/** Frames gathered before a transposed write: keeps the bins x frames stores contiguous. */
const BLOCK = 32;

/** |X|^power of the STFT, computed frame by frame without keeping the complex matrix. */
function powerSpectrogram(y: Float32Array, r: ResolvedStft, power: number): Matrix {
  const rows = 1 + Math.floor(r.nFft / 2);
  const out = zeros(rows, stftFrameCount(y.length, r));
  const cols = out.cols;
  const d = out.data;
  const block = new Float32Array(BLOCK * rows);
  const flush = (t0: number, n: number) => {
    for (let k = 0; k < rows; k++) {
      const dst = k * cols + t0;
      for (let j = 0; j < n; j++) d[dst + j] = block[j * rows + k];
    }
  };
  forEachFrameSpectrum(y, r, (t, spec) => {
    const base = (t % BLOCK) * rows;
    for (let k = 0; k < rows; k++) {
      const m = Math.sqrt(spec[2 * k] * spec[2 * k] + spec[2 * k + 1] * spec[2 * k + 1]);
      // float32 rounding of |X| first, as librosa takes powers of a complex64 magnitude
      block[base + k] = power === 1 ? m : Math.fround(m) ** power;
    }
    if (t % BLOCK === BLOCK - 1) flush(t - BLOCK + 1, BLOCK);
  });
  const rest = cols % BLOCK;
  if (rest > 0) flush(cols - rest, rest);
  return out;
}

/** |X| (or |X|^power) of a complex STFT. */
export function magnitude(X: ComplexMatrix, power = 1): Matrix {
  const out = zeros(X.rows, X.cols);
  for (let i = 0; i < out.data.length; i++) {
    const m = Math.sqrt(X.re[i] * X.re[i] + X.im[i] * X.im[i]);
    out.data[i] = power === 1 ? m : Math.fround(m) ** power;
  }
  return out;
}

export interface SpectrogramInput extends StftOptions {
  /** Audio time series; ignored when S is given. */
  y?: Float32Array;
  /** A precomputed magnitude (or power) spectrogram, bins x frames. */
  S?: Matrix;
  /** Exponent of the magnitude when computing from y: 1 magnitude, 2 power. */
  power?: number;
}

/** The spectrogram a feature works on: S as given, or |stft(y)|^power (librosa's _spectrogram). */
export function spectrogram({ y, S, power = 1, ...options }: SpectrogramInput): { S: Matrix; nFft: number } {
  if (S) return { S, nFft: 2 * (S.rows - 1) };
  if (!y) throw new ParameterError('give either y (audio) or S (a spectrogram)');
  const r = resolveStft(options);
  return { S: powerSpectrogram(y, r, power), nFft: r.nFft };
}

export interface IstftOptions {
  stftMatrix: ComplexMatrix;
  hopLength?: number;
  winLength?: number;
  window?: WindowName;
  center?: boolean;
  /** Output length; without it the result is hop * (frames - 1) samples when centred. */
  length?: number;
}

/**
 * Inverse STFT by weighted overlap-add, normalised by the window's summed square where that
 * sum is above float32's tiny, as librosa.istft. With `length`, the output is trimmed or
 * zero-padded to it.
 */
export function istft({ stftMatrix: X, hopLength, winLength, window = 'hann', center = true, length }: IstftOptions): Float32Array {
  const nFft = 2 * (X.rows - 1);
  const win = winLength ?? nFft;
  const hop = hopLength ?? Math.floor(win / 4);
  const w = paddedWindow(window, win, nFft);
  const nFrames = X.cols;
  const expected = nFft + hop * (nFrames - 1);
  const y = new Float64Array(expected);
  const wss = new Float64Array(expected);
  const plan = fftPlan(nFft);
  const spec = new Float64Array(2 * nFft);
  const scratch = new Float64Array(2 * nFft);
  const frame = new Float64Array(nFft);
  const half = nFft >> 1;
  for (let t = 0; t < nFrames; t++) {
    for (let k = 0; k <= half; k++) {
      spec[2 * k] = X.re[k * nFrames + t];
      spec[2 * k + 1] = X.im[k * nFrames + t];
    }
    irfftInto(plan, spec, scratch, frame);
    const off = t * hop;
    for (let i = 0; i < nFft; i++) {
      y[off + i] += w[i] * frame[i];
      wss[off + i] += w[i] * w[i];
    }
  }
  for (let i = 0; i < expected; i++) {
    const s = Math.fround(wss[i]);
    if (s > FLOAT32_TINY) y[i] /= s;
  }
  const start = center ? Math.floor(nFft / 2) : 0;
  // librosa trims nFft/2 from both ends when no length is asked for, else reads `length` samples on
  const n = length ?? (center ? Math.max(0, expected - 2 * start) : expected);
  const out = new Float32Array(n);
  const copy = Math.min(n, expected - start);
  for (let i = 0; i < copy; i++) out[i] = y[start + i];
  return out;
}

