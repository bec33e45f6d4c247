/**
 * Unit conversions of librosa.core.convert: Hz <-> mel (Slaney and HTK), FFT and mel bin
 * frequencies, seconds to frames, pitch-class names.
 */

const F_SP = 200 / 3; // Slaney: linear below 1 kHz, 66.67 Hz per mel
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** Centre frequency of each of the 1 + nFft/2 rfft bins. */
export function fftFrequencies({ sr = 22050, nFft = 2048 }: { sr?: number; nFft?: number } = {}): Float64Array {
  const n = 1 + Math.floor(nFft / 2);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (k * sr) / nFft;
  return out;
}

/** nMels frequencies evenly spaced on the mel scale from fmin to fmax (inclusive). */
export function melFrequencies({
  nMels = 128,
  fmin = 0,
  fmax = 11025,
  htk = false,
}: { nMels?: number; fmin?: number; fmax?: number; htk?: boolean } = {}): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(nMels);
  for (let i = 0; i < nMels; i++) out[i] = melToHz(nMels === 1 ? lo : lo + ((hi - lo) * i) / (nMels - 1), htk);
  return out;
}

export function timeToFrames(seconds: number, { sr = 22050, hopLength = 512 }: { sr?: number; hopLength?: number } = {}): number {
  return Math.floor((seconds * sr) / hopLength);
}

/** Pitch-class names starting at C, sharps as librosa writes them. */
export const PITCH_CLASSES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'] as const;
export type PitchClass = (typeof PITCH_CLASSES)[number];

