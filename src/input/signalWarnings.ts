/**
 * Warnings read off the decoded signal itself (mono, at the engine's rate), so the page and the
 * CLI agree whatever decoder produced it: a narrow band (a telephone or 8 kHz recording: almost
 * no energy above 4 kHz), heavy clipping (many samples pinned at full scale) and a very low level.
 * Thresholds were set so that none of the GTZAN train and valid clips earns one (see
 * tests/input/signalWarnings.test.ts and `npx tsx training/inputWarningStats.ts`).
 */
import { fftPlan, rfftInto } from '../dsp/core/fft.ts';
import { getWindow } from '../dsp/core/window.ts';
import type { InputWarning } from './rules.ts';

export interface SignalMeasures {
  /** Share of the signal's power above 4 kHz (mean power spectrum of frames spread over the track). */
  highBandShare: number;
  /** Share of samples pinned at full scale: at or above CLIP_LEVEL in magnitude, as are both neighbours (a flat top, not a limiter's peak). */
  clippedShare: number;
  /** Peak magnitude. */
  peak: number;
  /** RMS level of the whole signal, dBFS. */
  rmsDb: number;
}

const N_FFT = 2048;
const MAX_FRAMES = 256;
const HIGH_BAND_HZ = 4000;
const CLIP_LEVEL = 0.98;

/** Below this share above 4 kHz (-50 dB), the recording is band-limited like a telephone line. */
export const NARROW_BAND_SHARE = 1e-5;
/** More than this share of samples pinned at full scale (1 in 100). */
export const CLIPPED_SHARE = 1e-2;
/** Quieter than this peak (-30 dBFS) but above silence: the level is very low. */
export const LOW_PEAK = 0.0316;
/** At or below this peak (-60 dBFS) the source is silence, which the models report as no music. */
export const SILENCE_PEAK = 1e-3;

export function measureSignal(y: Float32Array, sr: number): SignalMeasures {
  let peak = 0;
  let clipped = 0;
  let sumSq = 0;
  for (let i = 0; i < y.length; i++) {
    const a = Math.abs(y[i]);
    if (a > peak) peak = a;
    if (a >= CLIP_LEVEL && i > 0 && i + 1 < y.length && Math.abs(y[i - 1]) >= CLIP_LEVEL && Math.abs(y[i + 1]) >= CLIP_LEVEL) clipped++;
    sumSq += y[i] * y[i];
  }
  return {
    highBandShare: highBandShare(y, sr),
    clippedShare: y.length ? clipped / y.length : 0,
    peak,
    rmsDb: 10 * Math.log10(Math.max(sumSq / Math.max(1, y.length), 1e-20)),
  };
}

/** Power above HIGH_BAND_HZ over all power, from up to MAX_FRAMES Hann frames evenly spread. */
function highBandShare(y: Float32Array, sr: number): number {
  if (y.length < N_FFT) return 1; // too short to judge: no warning
  const plan = fftPlan(N_FFT);
  const window = getWindow('hann', N_FFT);
  const frame = new Float64Array(N_FFT);
  const spectrum = new Float64Array(2 * N_FFT);
  const frames = Math.min(MAX_FRAMES, Math.floor(y.length / N_FFT));
  const step = (y.length - N_FFT) / Math.max(1, frames - 1);
  const firstHigh = Math.ceil((HIGH_BAND_HZ * N_FFT) / sr);
  let high = 0;
  let total = 0;
  for (let f = 0; f < frames; f++) {
    const start = Math.round(f * step);
    for (let i = 0; i < N_FFT; i++) frame[i] = y[start + i] * window[i];
    rfftInto(plan, frame, spectrum);
    for (let k = 1; k <= N_FFT / 2; k++) {
      const p = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
      total += p;
      if (k >= firstHigh) high += p;
    }
  }
  return total > 0 ? high / total : 1;
}

export function signalWarnings(m: SignalMeasures): InputWarning[] {
  const out: InputWarning[] = [];
  if (m.peak <= SILENCE_PEAK) return out; // silence has its own verdict
  if (m.highBandShare < NARROW_BAND_SHARE) {
    out.push({ code: 'narrow-band', message: 'Narrow band: almost nothing above 4 kHz, as in a telephone or 8 kHz recording. The models learnt from full-band music, so the genre is less reliable.' });
  }
  if (m.clippedShare > CLIPPED_SHARE) {
    out.push({ code: 'clipping', message: `Heavy clipping: ${(100 * m.clippedShare).toFixed(1)} % of the samples are pinned at full scale, which adds distortion the models may read as a louder genre.` });
  }
  if (m.peak < LOW_PEAK) {
    out.push({ code: 'low-level', message: `Very low level (peak ${(20 * Math.log10(m.peak)).toFixed(0)} dBFS): quiet detail may be lost in noise.` });
  }
  return out;
}
