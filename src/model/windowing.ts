/**
 * Cutting a log-mel spectrogram (src/dsp/matrix.ts layout: mel bins x frames) into the CNN's
 * input windows, normalised and transposed to the model's time-major layout (frame x mel).
 * training/common.py window_starts mirrors windowStarts, so valid is scored as the app scores.
 */
import type { Matrix } from '../dsp/matrix.ts';
import type { CnnMetadata } from './metadata.ts';

/**
 * Window starts: every hopFrames frames, plus one window ending at the last frame when the hops
 * leave a tail uncovered. A spectrogram shorter than one window gets one window (padded).
 */
export function windowStarts(nFrames: number, frames: number, hopFrames: number): number[] {
  if (nFrames <= frames) return [0];
  const starts: number[] = [];
  for (let s = 0; s + frames <= nFrames; s += hopFrames) starts.push(s);
  const last = starts[starts.length - 1];
  if (last + frames < nFrames) starts.push(nFrames - frames);
  return starts;
}

export interface CnnWindows {
  /** nWindows x frames x nMels, normalised, time-major (the model's NTFC input without C). */
  data: Float32Array;
  starts: number[];
  frames: number;
  /** Mel bands per frame in `data`: the lowest metadata.inputMels bands of the spectrogram. */
  nMels: number;
  /** The spectrogram had fewer frames than one window; its one window was padded by repetition. */
  short: boolean;
  /** Per window: loudest mel bin (dB) below the metadata's silence threshold. */
  silent: boolean[];
}

/**
 * The deliberate transpose: frames [start, start + frames) of mel bands [0, nMels) of a bins x
 * frames log-mel matrix, written time-major (out[t * nMels + m]) and normalised. Frames past the
 * end wrap around to the start, which pads a short clip with itself rather than with silence the
 * model never saw. Returns the window's loudest value in dB (before normalisation).
 */
export function toTimeMajorWindow(logMel: Matrix, start: number, frames: number, nMels: number, mean: number, std: number, out: Float32Array): number {
  const cols = logMel.cols;
  const inv = 1 / std;
  let peak = -Infinity;
  for (let m = 0; m < nMels; m++) {
    const rowBase = m * cols;
    for (let t = 0; t < frames; t++) {
      const v = logMel.data[rowBase + ((start + t) % cols)];
      if (v > peak) peak = v;
      out[t * nMels + m] = (v - mean) * inv;
    }
  }
  return peak;
}

/** All windows of a log-mel spectrogram, ready for the CNN. */
export function cnnWindows(logMel: Matrix, meta: CnnMetadata): CnnWindows {
  const { frames, hopFrames } = meta.windowing;
  const nMels = meta.inputMels;
  if (logMel.rows !== meta.features.nMels) throw new RangeError(`log-mel has ${logMel.rows} bins, the CNN's features have ${meta.features.nMels}`);
  if (logMel.cols < 1) throw new RangeError('log-mel spectrogram has no frames');
  const starts = windowStarts(logMel.cols, frames, hopFrames);
  const size = frames * nMels;
  const data = new Float32Array(starts.length * size);
  const silent = starts.map((s, i) => {
    const peak = toTimeMajorWindow(logMel, s, frames, nMels, meta.normalization.mean, meta.normalization.std, data.subarray(i * size, (i + 1) * size));
    return peak < meta.silenceDb;
  });
  return { data, starts, frames, nMels, short: logMel.cols < frames, silent };
}
