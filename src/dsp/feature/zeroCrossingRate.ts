/**
 * Zero-crossing rate per frame, as librosa 0.10's feature.zero_crossing_rate (and 0.7's):
 * with `center` the signal is padded by frameLength/2 on both sides with EDGE padding (repeat
 * the end samples; not the STFT's padding), then framed (frameLength, hopLength). Within each
 * frame, samples with |x| <= threshold count as 0, and a crossing is a change of sign between
 * consecutive samples of the frame (zeroPos: 0 counts as positive, i.e. the sign bit; else
 * -1, 0 and +1 are three distinct signs). The frame's first sample is never a crossing
 * (zero_crossings(pad=False)), so at most frameLength - 1 crossings are divided by frameLength.
 */
import { frameCount, padRun } from '../core/pad.ts';
import { ParameterError } from '../errors.ts';

export interface ZeroCrossingRateOptions {
  y: Float32Array;
  /** Samples per frame (default 2048). */
  frameLength?: number;
  /** Samples between frames (default 512). */
  hopLength?: number;
  /** Edge-pad by frameLength/2 so that frame t is centred on sample t * hopLength (default true). */
  center?: boolean;
  /** Magnitudes at or below this count as zero (default 1e-10; compared in float32, as librosa does for float32 audio). */
  threshold?: number;
  /** Treat 0 as positive (default true). */
  zeroPos?: boolean;
}

export function zeroCrossingRate({ y, frameLength = 2048, hopLength = 512, center = true, threshold = 1e-10, zeroPos = true }: ZeroCrossingRateOptions): Float64Array {
  if (!Number.isInteger(frameLength) || frameLength < 1) throw new ParameterError(`frameLength must be a positive integer, got ${frameLength}`);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hopLength must be a positive integer, got ${hopLength}`);
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw new ParameterError(`threshold must be a non-negative number, got ${threshold}`);
  if (y.length === 0) throw new ParameterError('audio signal is empty');
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new ParameterError(`audio signal is not finite at sample ${i}`);
  const half = Math.floor(frameLength / 2);
  const before = center ? half : 0;
  const nFrames = frameCount(y.length + 2 * before, frameLength, hopLength);
  if (nFrames === 0) throw new ParameterError(`signal of ${y.length} samples is shorter than frameLength=${frameLength} (use center=true)`);
  const thr = Math.fround(threshold);
  const lo = -thr;
  // C(i) = number of sign changes between samples (j - 1, j) for 1 <= j <= i (integers, so
  // exact), kept only where a frame starts (C(t * hop)) and ends (C(t * hop + frameLength - 1))
  const atStart = new Int32Array(nFrames);
  const atEnd = new Int32Array(nFrames);
  const used = (nFrames - 1) * hopLength + frameLength;
  let nextStart = 1; // C(0) = 0 for frame 0
  let startAt = nextStart * hopLength;
  let nextEnd = 0;
  let endAt = frameLength - 1;
  let c = 0;
  let prev = 0;
  // the padded signal in three runs (edge pad, y, edge pad), none of them a copy of y
  const runs = [padRun(y, -before, before, 'edge'), y, padRun(y, y.length, used - before - y.length, 'edge')];
  let i = 0;
  for (const run of runs) {
    const n = Math.min(run.length, used - i);
    for (let k = 0; k < n; k++, i++) {
      const v = run[k];
      // zeroPos: two classes, negative (v < -thr) or not (0 after thresholding counts as positive)
      const cls = zeroPos ? +(v < lo) : signOf(v, thr);
      if (i > 0) c += +(cls !== prev);
      prev = cls;
      if (i === startAt && nextStart < nFrames) {
        atStart[nextStart++] = c;
        startAt = nextStart * hopLength;
      }
      if (i === endAt) {
        atEnd[nextEnd++] = c;
        endAt = nextEnd < nFrames ? nextEnd * hopLength + frameLength - 1 : -1;
      }
    }
  }
  const out = new Float64Array(nFrames);
  // pairs inside frame t: (start, start + 1) .. (start + frameLength - 2, start + frameLength - 1)
  for (let t = 0; t < nFrames; t++) out[t] = (atEnd[t] - atStart[t]) / frameLength;
  return out;
}

/** numpy.sign of a sample after thresholding: -1, 0 or 1. */
function signOf(v: number, thr: number): number {
  return v < -thr ? -1 : v > thr ? 1 : 0;
}
