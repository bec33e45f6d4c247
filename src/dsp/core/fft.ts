/**
 * Real FFT of power-of-two sizes, backed by fft.js (radix-4, float64). One planner per size is
 * cached, since building its twiddle tables costs more than a transform.
 */
import FFT from 'fft.js';
import { ParameterError } from '../errors.ts';

const plans = new Map<number, FFT>();

export function fftPlan(nFft: number): FFT {
  let plan = plans.get(nFft);
  if (!plan) {
    if (nFft < 2 || (nFft & (nFft - 1)) !== 0) throw new ParameterError(`nFft must be a power of two >= 2, got ${nFft}`);
    plan = new FFT(nFft);
    plans.set(nFft, plan);
  }
  return plan;
}

/**
 * Forward rfft of `input` (length nFft) into `out` (interleaved re, im; length 2 * nFft),
 * whose first 1 + nFft/2 bins are then valid, as numpy.fft.rfft.
 */
export function rfftInto(plan: FFT, input: Float64Array, out: Float64Array): void {
  plan.realTransform(out, input);
}

/**
 * Inverse rfft: bins 0..nFft/2 (interleaved in `spectrum`, length 2 * nFft, upper half free
 * as scratch) to a real signal of length nFft, as numpy.fft.irfft (imaginary parts of the DC
 * and Nyquist bins are ignored, as irfft does).
 */
export function irfftInto(plan: FFT, spectrum: Float64Array, scratch: Float64Array, out: Float64Array): void {
  const n = plan.size;
  const half = n >> 1;
  spectrum[1] = 0;
  spectrum[2 * half + 1] = 0;
  for (let k = half + 1; k < n; k++) {
    spectrum[2 * k] = spectrum[2 * (n - k)];
    spectrum[2 * k + 1] = -spectrum[2 * (n - k) + 1];
  }
  plan.inverseTransform(scratch, spectrum);
  for (let i = 0; i < n; i++) out[i] = scratch[2 * i];
}
