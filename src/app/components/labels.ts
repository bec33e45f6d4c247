/** Words the UI uses for stages, sources and statuses. */
import type { PipelineStage, TrackSource, TrackStatus } from '../state/types.ts';

export const STAGE_LABEL: Record<PipelineStage, string> = {
  decode: 'Decoding the audio',
  spectrogram: 'Spectrogram',
  timbre: 'Timbre: MFCC and spectral descriptors',
  harmony: 'Harmony: chroma and key',
  rhythm: 'Rhythm: tempo and beats',
  separation: 'Harmonic/percussive separation',
  summary: 'GTZAN feature vector',
  model: 'Genre models',
};

export const STATUS_LABEL: Record<TrackStatus, string> = {
  decoding: 'decoding',
  queued: 'waiting',
  analysing: 'analysing',
  done: 'done',
  error: 'failed',
  cancelled: 'cancelled',
};

export const SOURCE_LABEL: Record<TrackSource, string> = {
  file: 'file',
  microphone: 'recording',
  demo: 'demo',
};

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function percent(p: number, digits = 0): string {
  return `${(p * 100).toFixed(digits)} %`;
}
