/**
 * Band-limited resampling as librosa.resample(res_type='kaiser_best') computes it: resampy's
 * windowed-sinc interpolation (resampy 0.4's filter: 50 zero crossings, 2^13 table entries per
 * crossing of a Kaiser-tapered sinc with beta 12.9846 and roll-off 0.917347, linearly interpolated
 * between entries), output
 * length ceil(n * targetSr / origSr) as librosa fixes it. This is the resampler behind musicnn's
 * reference inputs (librosa.load(sr=16000, res_type='kaiser_best')), so the app and the CLI make
 * the network's 16 kHz input from the engine's 22.05 kHz audio the same way, in the worker and
 * in Node alike.
 */
import { ParameterError } from '../errors.ts';

const NUM_ZEROS = 50;
const NUM_TABLE = 2 ** 13;
const KAISER_BETA = 12.9846;
const ROLLOFF = 0.917347;

/** Modified Bessel function of the first kind, order 0 (power series; converges for the betas used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

let halfWindow: Float64Array | null = null;

/** resampy's sinc_window: the right half (n + 1 taps) of a Kaiser-tapered sinc at roll-off ROLLOFF. */
function kaiserBestWindow(): Float64Array {
  if (halfWindow) return halfWindow;
  const n = NUM_TABLE * NUM_ZEROS;
  const w = new Float64Array(n + 1);
  const i0Beta = besselI0(KAISER_BETA);
  for (let k = 0; k <= n; k++) {
    const x = (ROLLOFF * NUM_ZEROS * k) / n;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = k / n;
    w[k] = ROLLOFF * sinc * (besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta);
  }
  halfWindow = w;
  return w;
}

export interface ResampleOptions {
  y: Float32Array;
  /** Integer sample rates in Hz. */
  origSr: number;
  targetSr: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** One output phase's filter taps: left[i] weighs x[n - i], right[k] weighs x[n + 1 + k]. */
interface Phase {
  left: Float64Array;
  right: Float64Array;
}

/**
 * resampy's per-output weights, interpolated from the table once per phase: output t sits at
 * input time t * q / p, so its fractional position, and with it every weight, repeats every p
 * outputs (p / q = targetSr / origSr in lowest terms). Precomputing the p phases turns the
 * strided table look-ups of resampy's loop into contiguous dot products.
 */
function phaseFilters(p: number, q: number): Phase[] {
  const ratio = p / q;
  const win = kaiserBestWindow();
  const gain = Math.min(1, ratio); // downsampling widens the filter by 1 / ratio and scales it down
  const nwin = win.length;
  const indexStep = Math.floor(gain * NUM_TABLE);
  const taps = (frac: number): Float64Array => {
    const indexFrac = frac * NUM_TABLE;
    const offset = Math.floor(indexFrac);
    const eta = indexFrac - offset;
    const out = new Float64Array(Math.floor((nwin - offset) / indexStep));
    for (let i = 0; i < out.length; i++) {
      const j = offset + i * indexStep;
      const next = j + 1 < nwin ? win[j + 1] : win[j];
      out[i] = gain * (win[j] + eta * (next - win[j]));
    }
    return out;
  };
  return Array.from({ length: p }, (_, r) => {
    const frac = gain * (r / p); // (t * q mod p) / p: the output's distance past input sample n
    return { left: taps(frac), right: taps(gain - frac) };
  });
}

/** y resampled from origSr to targetSr (float64 accumulation, stored float32). */
export function resample({ y, origSr, targetSr }: ResampleOptions): Float32Array {
  if (!Number.isInteger(origSr) || !Number.isInteger(targetSr) || origSr < 1 || targetSr < 1) {
    throw new ParameterError(`sample rates must be positive integers, got ${origSr} and ${targetSr}`);
  }
  if (origSr === targetSr) return y.slice();
  const g = gcd(origSr, targetSr);
  const p = targetSr / g;
  const q = origSr / g;
  const phases = phaseFilters(p, q);
  const nOut = Math.ceil((y.length * p) / q);
  const nInterp = Math.floor((y.length * p) / q); // resampy's length; librosa zero-pads to nOut
  const out = new Float32Array(nOut);
  for (let t = 0; t < nInterp; t++) {
    const pos = t * q; // exact: input time t * q / p in units of 1 / p
    const n = Math.floor(pos / p);
    const { left, right } = phases[pos - n * p];
    let acc = 0;
    const iMax = Math.min(n + 1, left.length);
    for (let i = 0; i < iMax; i++) acc += left[i] * y[n - i];
    const kMax = Math.min(y.length - n - 1, right.length);
    for (let k = 0; k < kMax; k++) acc += right[k] * y[n + 1 + k];
    out[t] = acc;
  }
  return out;
}
