/**
 * musicnn's input from 16 kHz mono audio, as the original package computes it (its README's
 * recipe): librosa mel power spectrogram (n_fft 512, hop 256, 96 Slaney bands, reflect-padded
 * centre), cast to float16, log10(10000 x + 1); then patches of 187 frames, time-major (frame x
 * mel) as the network takes them. One definition for the app's worker, the CLI and the trainers.
 */
import type { Matrix } from '../../dsp/matrix.ts';
import { resample } from '../../dsp/core/resample.ts';
import { roundToFloat16 } from '../../dsp/util/float16.ts';
import { melPowerFromAudio } from '../features.ts';
import { toTimeMajorWindow, windowStarts } from '../windowing.ts';
import type { MusicnnFeatureConfig, MusicnnMetadata } from './metadata.ts';

/** log10(scale * f16(x) + offset) in place over a mel power spectrogram (float64 arithmetic, stored float32). */
export function musicnnCompress(melPower: Matrix, f: MusicnnFeatureConfig): Matrix {
  const { castFloat16, scale, offset } = f.log;
  const d = melPower.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.log10(scale * (castFloat16 ? roundToFloat16(d[i]) : d[i]) + offset);
  return melPower;
}

/** The network's log-mel input for a whole track: nMels x frames (src/dsp/matrix.ts layout). */
export function musicnnLogMel(y16k: Float32Array, f: MusicnnFeatureConfig): Matrix {
  return musicnnCompress(melPowerFromAudio(y16k, f), f);
}

/**
 * The network's log-mel from the engine's mono PCM at `sr` (22.05 kHz in the app and the CLI),
 * resampled to the network's rate as librosa.load(res_type='kaiser_best') resamples.
 */
export function musicnnLogMelFromPcm(pcm: Float32Array, sr: number, f: MusicnnFeatureConfig): Matrix {
  const y = sr === f.sampleRateHz ? pcm : resample({ y: pcm, origSr: sr, targetSr: f.sampleRateHz });
  return musicnnLogMel(y, f);
}

export interface MusicnnPatches {
  /** nPatches x frames x nMels, time-major. */
  data: Float32Array;
  /** First frame of each patch. */
  starts: number[];
  frames: number;
  nMels: number;
  /** The track had fewer frames than one patch: its one patch repeats it. */
  short: boolean;
}

/**
 * A patch whose loudest mel bin is below -70 dB (mel power 1e-7; -60 dB on the CNN's 2048-point
 * scale, the CNN's silence threshold) is silence: no genre and no tags are read from it.
 */
const SILENT_PATCH_PEAK = Math.log10(1 + 10000 * 1e-7);

export function patchSilent(p: MusicnnPatches, index: number): boolean {
  const size = p.frames * p.nMels;
  const d = p.data.subarray(index * size, (index + 1) * size);
  for (let i = 0; i < d.length; i++) if (d[i] >= SILENT_PATCH_PEAK) return false;
  return true;
}

/**
 * Patches every patch.hopFrames frames and one more ending at the last frame when the hops leave
 * a tail (src/model/windowing.ts's rule, shared with the CNN); a track shorter than one patch
 * gets one, filled by repeating the track.
 */
export function musicnnPatches(logMel: Matrix, meta: MusicnnMetadata): MusicnnPatches {
  const { frames, hopFrames } = meta.patch;
  const nMels = meta.features.nMels;
  if (logMel.rows !== nMels) throw new RangeError(`log-mel has ${logMel.rows} bands, musicnn takes ${nMels}`);
  if (logMel.cols < 1) throw new RangeError('log-mel spectrogram has no frames');
  const starts = windowStarts(logMel.cols, frames, hopFrames);
  const size = frames * nMels;
  const data = new Float32Array(starts.length * size);
  starts.forEach((s, i) => toTimeMajorWindow(logMel, s, frames, nMels, 0, 1, data.subarray(i * size, (i + 1) * size)));
  return { data, starts, frames, nMels, short: logMel.cols < frames };
}
