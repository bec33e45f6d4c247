/**
 * Autocorrelation tempogram, as librosa.feature.tempogram (librosa 0.10): for every onset
 * frame t, the autocorrelation over lags 0..winLength-1 of the Hann-windowed envelope
 * segment around t, each frame divided by its largest magnitude (norm = inf).
 *
 * With `center` the envelope is first padded by winLength // 2 on both sides with
 * numpy's 'linear_ramp' to 0 (not zeros: the ramp runs from 0 at the outer end to the
 * edge value), framed with hop 1 and cut to the envelope's length, so frame t covers
 * envelope samples t - winLength // 2 .. t + winLength - winLength // 2 - 1.
 *
 * Autocorrelations are exact linear (not circular) ones computed by FFT in float64, two
 * real frames per complex transform.
 */
import { fftPlan } from '../core/fft.ts';
import { getWindow, type WindowName } from '../core/window.ts';
import { ParameterError } from '../errors.ts';
import { type Matrix, zeros } from '../matrix.ts';

/** An onset envelope as onsetStrength returns it (float32), or float64 values. */
export type Envelope = Float32Array | Float64Array;

export interface TempogramFramingOptions {
  /** Frames per autocorrelation window (default 384, about 8.9 s at 22050 Hz / hop 512). */
  winLength?: number;
  /** Centre the windows on the frames (default true); otherwise they start at the frame. */
  center?: boolean;
  window?: WindowName;
}

const TINY_F64 = 2.2250738585072014e-308;

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * The envelope padded as numpy.pad(mode='linear_ramp', end_values=0): left[i] = x[0] * i / p,
 * right mirrored, computed as numpy.linspace does and stored in the envelope's precision.
 */
export function linearRampPad(env: Envelope, width: number): Float64Array {
  const n = env.length;
  const out = new Float64Array(n + 2 * width);
  const f32 = env instanceof Float32Array;
  const round = (v: number) => (f32 ? Math.fround(v) : v);
  const stepL = env[0] / width;
  const stepR = env[n - 1] / width;
  for (let i = 0; i < width; i++) {
    out[i] = round(i * stepL);
    out[n + 2 * width - 1 - i] = round(i * stepR);
  }
  for (let i = 0; i < n; i++) out[width + i] = env[i];
  return out;
}

interface Framing {
  x: Float64Array;
  nFrames: number;
  winLength: number;
}

/** The padded (or plain) envelope and the frame count: librosa's pad, util.frame and trim to n. */
function frameEnvelope(env: Envelope, { winLength = 384, center = true }: TempogramFramingOptions): Framing {
  if (!Number.isInteger(winLength) || winLength < 1) throw new ParameterError(`winLength must be a positive integer, got ${winLength}`);
  const n = env.length;
  if (n < 1) throw new ParameterError('onset envelope is empty');
  for (let i = 0; i < n; i++) if (!Number.isFinite(env[i])) throw new ParameterError(`onset envelope is not finite at frame ${i}`);
  if (center) return { x: linearRampPad(env, Math.floor(winLength / 2)), nFrames: n, winLength };
  const nFrames = n - winLength + 1;
  if (nFrames < 1) throw new ParameterError(`onset envelope of ${n} frames is shorter than winLength=${winLength}`);
  return { x: Float64Array.from(env), nFrames, winLength };
}

/**
 * Power spectra of the windowed frames, two at a time: frame a in the real part and frame b
 * (or nothing, b = -1) in the imaginary part of one complex FFT of size N >= 2 winLength - 1,
 * so that their inverse transforms are linear autocorrelations. `P` holds, for bins
 * k = 0..N/2, PA[k] at 2k and PB[k] at 2k + 1 (both spectra are real and even), and
 * energyA, energyB are the frames' sums of squares (their lag-0 autocorrelations).
 */
function forEachFramePair(
  { x, nFrames, winLength }: Framing,
  window: WindowName,
  visit: (a: number, b: number, P: Float64Array, N: number, energyA: number, energyB: number) => void,
): void {
  const w = getWindow(window, winLength);
  const N = nextPow2(2 * winLength - 1);
  const plan = fftPlan(N);
  const z = new Float64Array(2 * N);
  const Z = new Float64Array(2 * N);
  const P = new Float64Array(2 * N);
  const half = N >> 1;
  for (let a = 0; a < nFrames; a += 2) {
    const b = a + 1 < nFrames ? a + 1 : -1;
    // the tail beyond winLength stays zero: zero padding for a linear autocorrelation
    let eA = 0;
    let eB = 0;
    for (let j = 0; j < winLength; j++) {
      const va = w[j] * x[a + j];
      const vb = b >= 0 ? w[j] * x[b + j] : 0;
      z[2 * j] = va;
      z[2 * j + 1] = vb;
      eA += va * va;
      eB += vb * vb;
    }
    plan.transform(Z, z);
    // A = (Z[k] + conj Z[N-k]) / 2 and B = (Z[k] - conj Z[N-k]) / 2i, so
    // |A|^2 = |Z[k] + conj Z[N-k]|^2 / 4 and |B|^2 = |Z[k] - conj Z[N-k]|^2 / 4
    P[0] = Z[0] * Z[0];
    P[1] = Z[1] * Z[1];
    for (let k = 1; k <= half; k++) {
      const m = N - k;
      const pRe = Z[2 * k];
      const pIm = Z[2 * k + 1];
      const qRe = Z[2 * m];
      const qIm = -Z[2 * m + 1];
      const sRe = pRe + qRe;
      const sIm = pIm + qIm;
      const dRe = pRe - qRe;
      const dIm = pIm - qIm;
      P[2 * k] = 0.25 * (sRe * sRe + sIm * sIm);
      P[2 * k + 1] = 0.25 * (dRe * dRe + dIm * dIm);
    }
    visit(a, b, P, N, eA, eB);
  }
}

/** Fills the upper half of an interleaved spectrum from bins 0..N/2 by even symmetry. */
function mirrorEven(P: Float64Array, N: number): void {
  for (let k = (N >> 1) + 1; k < N; k++) {
    P[2 * k] = P[2 * (N - k)];
    P[2 * k + 1] = P[2 * (N - k) + 1];
  }
}

/**
 * Calls visit(t, ac) for every tempogram frame t with its normalised autocorrelation
 * (ac.length = winLength, a reused buffer): the per-frame tempogram without holding the
 * whole winLength x frames matrix.
 */
export function forEachTempogramFrame(
  env: Envelope,
  { window = 'hann', ...framingOptions }: TempogramFramingOptions,
  visit: (t: number, ac: Float64Array) => void,
): number {
  const framing = frameEnvelope(env, framingOptions);
  const { winLength } = framing;
  const acA = new Float64Array(winLength);
  const acB = new Float64Array(winLength);
  let r = new Float64Array(0);
  forEachFramePair(framing, window, (a, b, P, N) => {
    if (r.length !== 2 * N) r = new Float64Array(2 * N);
    mirrorEven(P, N);
    // inverse of PA + i PB: autocorrelation of frame a in the real part, of frame b in the imaginary
    fftPlan(N).inverseTransform(r, P);
    let maxA = 0;
    let maxB = 0;
    for (let lag = 0; lag < winLength; lag++) {
      const va = r[2 * lag];
      const vb = r[2 * lag + 1];
      acA[lag] = va;
      acB[lag] = vb;
      if (Math.abs(va) > maxA) maxA = Math.abs(va);
      if (Math.abs(vb) > maxB) maxB = Math.abs(vb);
    }
    // librosa.util.normalize(norm=inf): frames whose peak is below float64's tiny stay as they are
    if (maxA >= TINY_F64) for (let lag = 0; lag < winLength; lag++) acA[lag] /= maxA;
    visit(a, acA);
    if (b >= 0) {
      if (maxB >= TINY_F64) for (let lag = 0; lag < winLength; lag++) acB[lag] /= maxB;
      visit(b, acB);
    }
  });
  return framing.nFrames;
}

/**
 * The tempogram averaged over frames (librosa's tempo with aggregate=np.mean), winLength
 * values. The inverse FFT is linear, so the normalised autocorrelations are averaged as
 * power spectra divided by each frame's lag-0 value (its peak: |ac[k]| < ac[0] for any
 * non-zero frame, by Cauchy-Schwarz) and inverted once, halving the work of framewise
 * inversion. All-zero frames count as zeros, as librosa leaves them.
 */
export function meanTempogram(env: Envelope, { window = 'hann', ...framingOptions }: TempogramFramingOptions = {}): Float64Array {
  const framing = frameEnvelope(env, framingOptions);
  const { winLength, nFrames } = framing;
  let acc = new Float64Array(0);
  let size = 0;
  forEachFramePair(framing, window, (_a, _b, P, N, eA, eB) => {
    if (acc.length !== 2 * N) {
      acc = new Float64Array(2 * N);
      size = N;
    }
    const sA = eA >= TINY_F64 ? 1 / eA : 0;
    const sB = eB >= TINY_F64 ? 1 / eB : 0;
    for (let k = 0; k <= N >> 1; k++) acc[2 * k] += P[2 * k] * sA + P[2 * k + 1] * sB;
  });
  mirrorEven(acc, size);
  const r = new Float64Array(2 * size);
  fftPlan(size).inverseTransform(r, acc);
  const out = new Float64Array(winLength);
  for (let lag = 0; lag < winLength; lag++) out[lag] = r[2 * lag] / nFrames;
  return out;
}

export interface TempogramOptions extends TempogramFramingOptions {
  onsetEnvelope: Envelope;
}

/** Autocorrelation tempogram, winLength lags x frames (float32 storage of float64 values). */
export function tempogram({ onsetEnvelope, ...framing }: TempogramOptions): Matrix {
  const winLength = framing.winLength ?? 384;
  const center = framing.center ?? true;
  const nFrames = center ? onsetEnvelope.length : onsetEnvelope.length - winLength + 1;
  const out = zeros(winLength, Math.max(0, nFrames));
  const cols = out.cols;
  forEachTempogramFrame(onsetEnvelope, framing, (t, ac) => {
    for (let lag = 0; lag < winLength; lag++) out.data[lag * cols + t] = ac[lag];
  });
  return out;
}

/** BPM of each autocorrelation lag bin: infinity for lag 0, then 60 sr / (hop lag) (librosa.tempo_frequencies). */
export function tempoFrequencies(nBins: number, { sr = 22050, hopLength = 512 }: { sr?: number; hopLength?: number } = {}): Float64Array {
  const out = new Float64Array(nBins);
  if (nBins > 0) out[0] = Infinity;
  for (let k = 1; k < nBins; k++) out[k] = (60 * sr) / (hopLength * k);
  return out;
}
