/**
 * Dynamic-programming beat tracker, as librosa.beat.beat_track (librosa 0.10.2, Ellis 2007):
 * onset strength (median over mel bands), a global tempo from the onset autocorrelation
 * (feature.rhythm.tempo), then the beats that best fit both the onsets and that tempo.
 * An envelope without any onset gives tempo 0 and no beats, as librosa.
 */
import type { PadMode } from '../core/pad.ts';
import { ParameterError } from '../errors.ts';
import { onsetStrength } from '../onset/onsetStrength.ts';
import { beatTracker } from './beatTracker.ts';
import { tempo as estimateTempo } from './tempo.ts';
import type { Envelope } from './tempogram.ts';

export interface BeatTrackOptions {
  /** A precomputed onset envelope; librosa's beat_track computes it with aggregate 'median'. */
  onsetEnvelope?: Envelope;
  y?: Float32Array;
  sr?: number;
  hopLength?: number;
  /** Centre of the tempo prior, in BPM (default 120). */
  startBpm?: number;
  /** How strongly beats keep to the tempo (default 100). */
  tightness?: number;
  /** Drop weak leading and trailing beats (default true). */
  trim?: boolean;
  /** Use this tempo instead of estimating one. */
  bpm?: number;
  /** Log-density over BPM for the tempo estimate (replaces the log-normal prior around startBpm). */
  prior?: (bpm: number) => number;
  /** 'time' adds beatTimes in seconds; beats are always frame indices. */
  units?: 'frames' | 'time';
  /** STFT padding of the onset envelope computed from y (librosa 0.10 default 'constant'). */
  padMode?: PadMode;
}

export interface BeatTrackResult {
  /** Tempo in BPM (the estimate, or `bpm` when given); 0 when the envelope has no onsets. */
  tempo: number;
  /** Beat positions as frame indices, ascending. */
  beats: Int32Array;
  /** Beat positions in seconds (frame * hop / sr), with units 'time'. */
  beatTimes?: Float64Array;
}

export function beatTrack(options: BeatTrackOptions): BeatTrackResult {
  const { sr = 22050, hopLength = 512, startBpm = 120, tightness = 100, trim = true, units = 'frames' } = options;
  if (units !== 'frames' && units !== 'time') throw new ParameterError(`Invalid unit type: ${String(units)}`);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hopLength must be a positive integer, got ${hopLength}`);
  let env = options.onsetEnvelope;
  if (!env) {
    if (!options.y) throw new ParameterError('y or onsetEnvelope must be provided');
    env = onsetStrength({ y: options.y, sr, hopLength, aggregate: 'median', padMode: options.padMode });
  }
  const withTimes = (result: BeatTrackResult): BeatTrackResult => {
    if (units !== 'time') return result;
    const beatTimes = new Float64Array(result.beats.length);
    for (let i = 0; i < beatTimes.length; i++) beatTimes[i] = (result.beats[i] * hopLength) / sr;
    return { ...result, beatTimes };
  };
  if (!env.some((v) => v !== 0)) return withTimes({ tempo: 0, beats: new Int32Array(0) });
  const bpm = options.bpm ?? estimateTempo({ onsetEnvelope: env, sr, hopLength, startBpm, prior: options.prior });
  const beats = beatTracker(env, bpm, sr / hopLength, tightness, trim);
  return withTimes({ tempo: bpm, beats });
}
