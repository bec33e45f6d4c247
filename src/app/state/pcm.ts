/**
 * Small facts about a PCM buffer the app needs before handing it to the worker (which takes it
 * away): its peak for the silence check and its envelope for the waveform plot. One pass each.
 */
import type { WaveformEnvelope } from './types.ts';
import { waveformEnvelope } from './result.ts';

/** Below this peak (-60 dBFS) a source counts as silence: no genre is claimed. */
export const SILENCE_PEAK = 1e-3;

export function peakOf(pcm: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < pcm.length; i++) {
    const v = Math.abs(pcm[i]);
    if (v > peak) peak = v;
  }
  return peak;
}

export function describePcm(pcm: Float32Array, sr: number): { peak: number; waveform: WaveformEnvelope } {
  return { peak: peakOf(pcm), waveform: waveformEnvelope(pcm, sr) };
}
