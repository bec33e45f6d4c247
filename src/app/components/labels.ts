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
  interrupted: 'interrupted',
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

/** Tag names whose MSD spelling reads badly on its own. */
const TAG_WORDS: Record<string, string> = { rnb: 'R&B', 'hip-hop': 'Hip-hop' };

/**
 * A musicnn (MSD) tag as a person reads it: the tag set mixes cases ("Mellow", "Hip-Hop",
 * "rock") and writes decades as "00s"; shown sentence-cased, decades in full ("2000s").
 */
export function tagLabel(name: string): string {
  const lower = name.toLowerCase();
  if (TAG_WORDS[lower]) return TAG_WORDS[lower];
  const decade = /^(\d)0s$/.exec(lower);
  if (decade) return `${Number(decade[1]) <= 2 ? '20' : '19'}${decade[1]}0s`;
  return capitalise(lower);
}
