/**
 * The input every spectral descriptor shares: audio y or a magnitude spectrogram S, the STFT
 * options used when computing S from y, and the bin frequencies (librosa's _spectrogram with
 * power 1, then fft_frequencies).
 */
import { fftFrequencies } from '../core/convert.ts';
import { type StftOptions, spectrogram } from '../core/spectrum.ts';
import { ParameterError } from '../errors.ts';
import type { Matrix } from '../matrix.ts';

export interface SpectralInput extends StftOptions {
  /** Audio time series; ignored when S is given. */
  y?: Float32Array;
  /** Precomputed magnitude spectrogram (power 1), bins x frames, non-negative. */
  S?: Matrix;
  /** Sample rate of y, for the bin frequencies (default 22050). */
  sr?: number;
  /** Centre frequency of each bin (length S.rows); default the rfft bin frequencies. */
  freq?: Float64Array;
}

export interface ResolvedSpectral {
  S: Matrix;
  freq: Float64Array;
}

/** Checks a caller's spectrogram: librosa refuses negative energies; NaN would poison every sum. */
function checkMagnitude(S: Matrix, what: string): void {
  if (S.rows < 2 || S.cols < 1) throw new ParameterError(`${what}: spectrogram must have at least 2 bins and 1 frame, got ${S.rows} x ${S.cols}`);
  if (S.data.length !== S.rows * S.cols) throw new ParameterError(`${what}: spectrogram data length ${S.data.length} != ${S.rows} x ${S.cols}`);
  const d = S.data;
  for (let i = 0; i < d.length; i++) {
    // written as a negated >= so that NaN fails too
    if (!(d[i] >= 0) || d[i] === Infinity) throw new ParameterError(`${what} is only defined for finite, non-negative energies (bad value ${d[i]} at ${i})`);
  }
}

/** The magnitude spectrogram and bin frequencies a descriptor works on (librosa's _spectrogram + fft_frequencies). */
export function resolveSpectral({ y, S, sr = 22050, freq, ...stftOptions }: SpectralInput, what: string): ResolvedSpectral {
  if (!(sr > 0) || !Number.isFinite(sr)) throw new ParameterError(`${what}: sr must be a positive number, got ${sr}`);
  let mag: Matrix;
  let nFft: number;
  if (S) {
    checkMagnitude(S, what);
    mag = S;
    nFft = 2 * (S.rows - 1);
  } else {
    if (!y) throw new ParameterError(`${what}: give either y (audio) or S (a magnitude spectrogram)`);
    ({ S: mag, nFft } = spectrogram({ y, power: 1, ...stftOptions }));
  }
  const f = freq ?? fftFrequencies({ sr, nFft });
  if (f.length !== mag.rows) throw new ParameterError(`${what}: freq has ${f.length} values, spectrogram has ${mag.rows} bins`);
  return { S: mag, freq: f };
}
