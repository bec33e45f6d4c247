/**
 * Root-mean-square value per frame, as librosa 0.10's feature.rms.
 *
 * From audio y: pad by frameLength/2 on both sides with padMode when `center` (librosa 0.10
 * defaults to 'constant'; the GTZAN table used 'reflect'), frame (frameLength, hopLength), and
 * take sqrt(mean(x^2)) of each frame. No window is applied.
 *
 * From a magnitude spectrogram S (frameLength = nFft, so S has frameLength/2 + 1 bins): by
 * Parseval, sqrt(2 sum_k w_k |S[k]|^2 / frameLength^2), with w = 1/2 for the DC bin and, for
 * an even frameLength, the Nyquist bin (they appear once in the full spectrum, the other bins
 * twice) and 1 elsewhere. This is the RMS of the windowed frame.
 *
 * Float32 output, as librosa returns for float32 audio; sums run in float64.
 */
import { frameCount, paddedSampleReader, type PadMode } from '../core/pad.ts';
import { ParameterError } from '../errors.ts';
import type { Matrix } from '../matrix.ts';

export interface RmsOptions {
  /** Audio time series; used when S is absent. */
  y?: Float32Array;
  /** Magnitude spectrogram, (frameLength/2 + 1) bins x frames. */
  S?: Matrix;
  /** Samples per frame, or the FFT size S came from (default 2048). */
  frameLength?: number;
  /** Samples between frames (default 512); unused with S. */
  hopLength?: number;
  /** Pad y so that frame t is centred on sample t * hopLength (default true); unused with S. */
  center?: boolean;
  /** Padding when centring y (default 'constant', librosa 0.10's default). */
  padMode?: PadMode;
}

export function rms({ y, S, frameLength = 2048, hopLength = 512, center = true, padMode = 'constant' }: RmsOptions): Float32Array {
  if (!Number.isInteger(frameLength) || frameLength < 1) throw new ParameterError(`frameLength must be a positive integer, got ${frameLength}`);
  if (y) return rmsFromAudio(y, frameLength, hopLength, center, padMode);
  if (S) return rmsFromSpectrogram(S, frameLength);
  throw new ParameterError('rms: give either y (audio) or S (a magnitude spectrogram)');
}

function rmsFromAudio(y: Float32Array, frameLength: number, hopLength: number, center: boolean, padMode: PadMode): Float32Array {
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hopLength must be a positive integer, got ${hopLength}`);
  if (y.length === 0) throw new ParameterError('audio signal is empty');
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new ParameterError(`audio signal is not finite at sample ${i}`);
  const half = Math.floor(frameLength / 2);
  const before = center ? half : 0;
  const x = paddedSampleReader(y, before, padMode);
  const nFrames = frameCount(y.length + (center ? 2 * half : 0), frameLength, hopLength);
  if (nFrames === 0) throw new ParameterError(`signal of ${y.length} samples is shorter than frameLength=${frameLength} (use center=true)`);
  const out = new Float32Array(nFrames);
  if (frameLength % hopLength === 0) {
    // Frames are whole runs of hop-sized blocks: sum each block's squares once, then add
    // frameLength / hop blocks per frame (no prefix-sum cancellation, silent frames stay 0).
    const per = frameLength / hopLength;
    const nBlocks = nFrames - 1 + per;
    const block = new Float64Array(nBlocks);
    for (let b = 0; b < nBlocks; b++) {
      let s = 0;
      const off = b * hopLength;
      if (off >= before && off + hopLength <= before + y.length) {
        // y's own samples read directly; only blocks in the centring pad go through the reader
        for (let i = off - before; i < off - before + hopLength; i++) s += y[i] * y[i];
      } else {
        for (let i = 0; i < hopLength; i++) {
          const v = x(off + i);
          s += v * v;
        }
      }
      block[b] = s;
    }
    for (let t = 0; t < nFrames; t++) {
      let s = 0;
      for (let j = 0; j < per; j++) s += block[t + j];
      out[t] = Math.sqrt(s / frameLength);
    }
  } else {
    for (let t = 0; t < nFrames; t++) {
      let s = 0;
      const off = t * hopLength;
      for (let i = 0; i < frameLength; i++) {
        const v = x(off + i);
        s += v * v;
      }
      out[t] = Math.sqrt(s / frameLength);
    }
  }
  return out;
}

function rmsFromSpectrogram(S: Matrix, frameLength: number): Float32Array {
  if (S.rows !== Math.floor(frameLength / 2) + 1) {
    throw new ParameterError(`rms: S has ${S.rows} bins, so frameLength is expected to be ${2 * S.rows - 2} or ${2 * S.rows - 1}; got ${frameLength}`);
  }
  const { rows, cols, data } = S;
  const acc = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    const w = k === 0 || (k === rows - 1 && frameLength % 2 === 0) ? 0.5 : 1;
    const base = k * cols;
    for (let t = 0; t < cols; t++) acc[t] += w * data[base + t] * data[base + t];
  }
  const out = new Float32Array(cols);
  for (let t = 0; t < cols; t++) {
    if (!Number.isFinite(acc[t])) throw new ParameterError(`rms: spectrogram is not finite in frame ${t}`);
    out[t] = Math.sqrt((2 * acc[t]) / (frameLength * frameLength));
  }
  return out;
}
