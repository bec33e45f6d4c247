/**
 * Analysis windows as scipy.signal.get_window(..., fftbins=True): periodic (DFT-even), the
 * form librosa uses for every STFT.
 */
import { ParameterError } from '../errors.ts';

export type WindowName = 'hann' | 'hamming' | 'rectangular';

const cache = new Map<string, Float64Array>();

export function getWindow(window: WindowName, nx: number): Float64Array {
  const key = `${window}:${nx}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!Number.isInteger(nx) || nx < 1) throw new ParameterError(`window length must be a positive integer, got ${nx}`);
  const w = new Float64Array(nx);
  for (let n = 0; n < nx; n++) {
    const phase = (2 * Math.PI * n) / nx;
    w[n] = window === 'hann' ? 0.5 - 0.5 * Math.cos(phase) : window === 'hamming' ? 0.54 - 0.46 * Math.cos(phase) : 1;
  }
  cache.set(key, w);
  return w;
}

/** A window of winLength centred in nFft samples with zeros around (librosa.util.pad_center). */
export function paddedWindow(window: WindowName, winLength: number, nFft: number): Float64Array {
  if (winLength > nFft) throw new ParameterError(`winLength ${winLength} exceeds nFft ${nFft}`);
  const w = getWindow(window, winLength);
  if (winLength === nFft) return w;
  const out = new Float64Array(nFft);
  out.set(w, Math.floor((nFft - winLength) / 2));
  return out;
}
