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
  /** The whole track's frames (more than the patches cover when they are a sample of a long track). */
  trackFrames: number;
}

/**
 * The most patches musicnn reads from one track (96 s of audio): a longer track's genre and tags
 * come from this many patches spread evenly over it, which keeps a 10-minute track's musicnn
 * pass to the time of a 96-second one (about 5 s here instead of 30).
 */
export const MAX_PATCHES = 32;

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
  return { data, starts, frames, nMels, short: logMel.cols < frames, trackFrames: logMel.cols };
}

/** Frames of a centred STFT over n samples, as librosa counts them. */
const centredFrames = (n: number, hop: number) => 1 + Math.floor(n / hop);

/**
 * musicnn's patches straight from the engine's PCM at `sr`: musicnnPatches over the whole
 * track's log-mel where its patches number MAX_PATCHES or fewer; for a longer track, MAX_PATCHES
 * patches spread evenly, each computed from its own stretch of PCM. A stretch starts on the grid
 * where input samples, 16 kHz samples and mel frames line up (every `align` input samples; 1764
 * at 22.05 kHz, 5 frames) and reaches `margin` frames past the patch on both sides, so the
 * resampler's and the STFT's edges fall outside it: each patch equals the same patch of the
 * whole track's log-mel.
 */
export function musicnnPatchesFromPcm(pcm: Float32Array, sr: number, meta: MusicnnMetadata, maxPatches = MAX_PATCHES): MusicnnPatches {
  const f = meta.features;
  const { frames, hopFrames } = meta.patch;
  const n16 = Math.ceil((pcm.length * f.sampleRateHz) / sr);
  const trackFrames = centredFrames(n16, f.hopLength);
  if (windowStarts(trackFrames, frames, hopFrames).length <= maxPatches) return musicnnPatches(musicnnLogMelFromPcm(pcm, sr, f), meta);
  // the smallest frame step whose input sample count is a whole number
  const samplesPerFrame = (f.hopLength * sr) / f.sampleRateHz;
  let stepFrames = 1;
  while (!Number.isInteger(stepFrames * samplesPerFrame)) stepFrames++;
  const margin = 8 * stepFrames;
  const nMels = f.nMels;
  const size = frames * nMels;
  const data = new Float32Array(maxPatches * size);
  const starts: number[] = [];
  for (let i = 0; i < maxPatches; i++) {
    const start = Math.floor(((trackFrames - frames) * i) / (maxPatches - 1) / stepFrames) * stepFrames;
    const from = Math.max(0, start - margin);
    const to = Math.min(pcm.length, Math.round((start + frames + margin) * samplesPerFrame));
    const logMel = musicnnLogMelFromPcm(pcm.subarray(Math.round(from * samplesPerFrame), to), sr, f);
    toTimeMajorWindow(logMel, start - from, frames, nMels, 0, 1, data.subarray(i * size, (i + 1) * size));
    starts.push(start);
  }
  return { data, starts, frames, nMels, short: false, trackFrames };
}
