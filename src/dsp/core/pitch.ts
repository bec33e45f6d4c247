/**
 * Pitch tracking by parabolic interpolation of spectral peaks and tuning estimation, as
 * librosa.piptrack, librosa.estimate_tuning and librosa.pitch_tuning (0.10.2; the same
 * selection as 0.7/0.8). A bin k of frame t is a pitch candidate when its thresholded value
 * x = S * (S > threshold * max_t S) is a local maximum over frequency (x[k] > x[k-1],
 * x[k] >= x[k+1]) and fmin <= f_k < fmax. Its pitch is (k + shift) * sr / nFft with the
 * parabolic shift of S around k, its magnitude S[k] + avg * shift / 2.
 *
 * estimateTuning keeps the candidates whose magnitude reaches the median candidate magnitude
 * and returns the peak of the histogram of their deviations from the 12-TET grid.
 * The arithmetic follows librosa's dtypes (float32 spectrogram, float32 pitches and
 * magnitudes) so that histogram bin edges fall the same way.
 */
import { ParameterError } from '../errors.ts';
import { type Matrix, zeros } from '../matrix.ts';
import { medianFloat32InPlace } from '../util/stats.ts';
import { type SpectrogramInput, spectrogram } from './spectrum.ts';

const fround = Math.fround;

export interface PiptrackOptions extends SpectrogramInput {
  sr?: number;
  /** Lowest frequency considered, Hz (default 150). */
  fmin?: number;
  /** Frequencies below this are considered, Hz (default 4000, at most sr / 2). */
  fmax?: number;
  /** A bin counts when above threshold x its frame's maximum (default 0.1). */
  threshold?: number;
  /** An absolute reference instead of threshold x the per-frame maximum (librosa's scalar `ref`). */
  ref?: number;
}

interface PeakParams {
  sr: number;
  nFft: number;
  fmin: number;
  fmax: number;
  threshold: number;
  ref: number | undefined;
}

/**
 * Calls visit(k, t, pitch, mag) for every candidate, bin by bin (rows of S are contiguous, so
 * this reads S sequentially and needs only one per-frame array).
 */
function forEachPeak(S: Matrix, p: PeakParams, visit: (k: number, t: number, pitch: number, mag: number) => void): void {
  const { rows, cols, data } = S;
  if (rows < 2 || cols === 0) return;
  const fmin = Math.max(p.fmin, 0);
  const fmax = Math.min(p.fmax, p.sr / 2);
  // fft_frequencies as np.fft.rfftfreq computes them
  const binHz = 1 / (p.nFft * (1 / p.sr));
  let kLo = 1; // bin 0 is never a local maximum (the stencil's boundary)
  while (kLo < rows && kLo * binHz < fmin) kLo++;
  let kHi = rows - 1;
  while (kHi >= kLo && !(kHi * binHz < fmax)) kHi--;
  if (kHi < kLo) return;

  const refv = new Float32Array(cols);
  if (p.ref !== undefined) refv.fill(Math.abs(p.ref));
  else {
    refv.fill(-Infinity);
    for (let k = 0; k < rows; k++) {
      const base = k * cols;
      for (let t = 0; t < cols; t++) if (data[base + t] > refv[t]) refv[t] = data[base + t];
    }
    for (let t = 0; t < cols; t++) refv[t] = fround(p.threshold * refv[t]);
  }

  for (let k = kLo; k <= kHi; k++) {
    const b0 = k * cols;
    const bm = b0 - cols;
    const last = k === rows - 1;
    for (let t = 0; t < cols; t++) {
      const s0 = data[b0 + t];
      const r = refv[t];
      if (!(s0 > r)) continue;
      const sm = data[bm + t];
      if (!(s0 > (sm > r ? sm : 0))) continue;
      if (last) {
        // librosa's edge case: the top bin only needs to beat its lower neighbour; no shift there
        visit(k, t, fround((k * p.sr) / p.nFft), s0);
        continue;
      }
      const sp = data[b0 + cols + t];
      if (!(s0 >= (sp > r ? sp : 0))) continue;
      // _parabolic_interpolation's stencil (float32 sums, float64 quotient, stored float32)
      const a = fround(sp + sm) - 2 * s0;
      const b = fround(sp - sm) / 2;
      const shift = Math.abs(b) >= Math.abs(a) ? 0 : fround(-b / a);
      // np.gradient is b here (float32, exact halving); dskew = 0.5 * avg * shift
      const dskew = fround(0.5 * b * shift);
      visit(k, t, fround(((k + shift) * p.sr) / p.nFft), fround(s0 + dskew));
    }
  }
}

function peakParams(o: PiptrackOptions, nFft: number): PeakParams {
  const p: PeakParams = {
    sr: o.sr ?? 22050,
    nFft,
    fmin: o.fmin ?? 150,
    fmax: o.fmax ?? 4000,
    threshold: o.threshold ?? 0.1,
    ref: o.ref,
  };
  if (!(p.sr > 0)) throw new ParameterError(`sr must be positive, got ${p.sr}`);
  if (!Number.isFinite(p.threshold)) throw new ParameterError(`threshold must be finite, got ${p.threshold}`);
  if (p.ref !== undefined && !Number.isFinite(p.ref)) throw new ParameterError(`ref must be finite, got ${p.ref}`);
  return p;
}

/**
 * Instantaneous pitches and their magnitudes, bins x frames like S, zero off the peaks
 * (librosa.piptrack). From y, the magnitude spectrogram is used, as librosa does.
 */
export function piptrack(options: PiptrackOptions): { pitches: Matrix; magnitudes: Matrix } {
  const { S, nFft } = spectrogram({ ...options, power: options.power ?? 1 });
  const pitches = zeros(S.rows, S.cols);
  const magnitudes = zeros(S.rows, S.cols);
  forEachPeak(S, peakParams(options, nFft), (k, t, pitch, mag) => {
    pitches.data[k * S.cols + t] = pitch;
    magnitudes.data[k * S.cols + t] = mag;
  });
  return { pitches, magnitudes };
}

export interface TuningOptions {
  /** Histogram resolution in fractions of a bin (default 0.01: cents for 12 bins per octave). */
  resolution?: number;
  binsPerOctave?: number;
}

export type EstimateTuningOptions = PiptrackOptions & TuningOptions;

/**
 * Tuning deviation from A440 in fractions of a bin, in [-0.5, 0.5) (librosa.estimate_tuning).
 * Give the spectrogram the caller has (chroma_stft passes its power spectrogram); from y the
 * magnitude spectrogram is used.
 */
export function estimateTuning(options: EstimateTuningOptions): number {
  const { S, nFft } = spectrogram({ ...options, power: options.power ?? 1 });
  const params = peakParams(options, nFft);
  checkTuningOptions(options);
  let pitches = new Float32Array(4096);
  let mags = new Float32Array(4096);
  let n = 0;
  forEachPeak(S, params, (_k, _t, pitch, mag) => {
    if (n === pitches.length) {
      const p2 = new Float32Array(2 * n);
      p2.set(pitches);
      pitches = p2;
      const m2 = new Float32Array(2 * n);
      m2.set(mags);
      mags = m2;
    }
    pitches[n] = pitch;
    mags[n] = mag;
    n++;
  });
  // every candidate has pitch > 0 (k >= 1, |shift| < 1), so all count towards the median
  let selected = 0;
  if (n > 0) {
    const threshold = medianFloat32InPlace(mags.slice(0, n));
    for (let i = 0; i < n; i++) {
      if (mags[i] >= threshold && pitches[i] > 0) pitches[selected++] = pitches[i];
    }
  }
  return pitchTuning(pitches.subarray(0, selected), options);
}

function checkTuningOptions({ resolution = 0.01, binsPerOctave = 12 }: TuningOptions): void {
  if (!(resolution > 0 && resolution < 1)) throw new ParameterError(`resolution must be in (0, 1), got ${resolution}`);
  if (!(binsPerOctave > 0)) throw new ParameterError(`binsPerOctave must be positive, got ${binsPerOctave}`);
}

/**
 * Tuning offset (fractions of a bin, in [-0.5, 0.5)) of a set of frequencies relative to
 * A440 (librosa.pitch_tuning): the left edge of the fullest bin of a histogram of their
 * deviations from the nearest bin, with bins `resolution` wide over [-0.5, 0.5].
 * A Float32Array is processed in float32 as numpy does for a float32 array. Frequencies <= 0
 * are ignored; none left gives 0.
 */
export function pitchTuning(frequencies: ArrayLike<number>, options: TuningOptions = {}): number {
  checkTuningOptions(options);
  const { resolution = 0.01, binsPerOctave = 12 } = options;
  const f32 = frequencies instanceof Float32Array;
  const nb = Math.ceil(1 / resolution);
  // np.linspace(-0.5, 0.5, nb + 1): i * step + start, the end point set exactly
  const step = 1 / nb;
  const edges = new Float64Array(nb + 1);
  for (let i = 0; i < nb; i++) edges[i] = i * step + -0.5;
  edges[nb] = 0.5;
  const counts = new Int32Array(nb);
  let any = false;
  for (let j = 0; j < frequencies.length; j++) {
    const f = frequencies[j];
    if (!(f > 0)) continue;
    any = true;
    // residual = mod(bpo * log2(f / 27.5), 1), moved to [-0.5, 0.5)
    let r: number;
    if (f32) {
      const v = fround(binsPerOctave * fround(Math.log2(fround(f / 27.5))));
      r = v - Math.floor(v); // exact in float32
    } else {
      const v = binsPerOctave * Math.log2(f / 27.5);
      r = v % 1;
      if (r < 0) r += 1;
    }
    if (r >= 0.5) r -= 1;
    if (!(r >= edges[0] && r <= edges[nb])) continue;
    // np.histogram: edges[i] <= r < edges[i + 1], the last bin closed
    let i = Math.min(nb - 1, Math.max(0, Math.floor((r + 0.5) * nb)));
    while (i > 0 && r < edges[i]) i--;
    while (i < nb - 1 && r >= edges[i + 1]) i++;
    counts[i]++;
  }
  if (!any) return 0;
  let best = 0;
  for (let i = 1; i < nb; i++) if (counts[i] > counts[best]) best = i;
  return edges[best];
}

