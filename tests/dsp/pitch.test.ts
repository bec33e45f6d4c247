import { describe, expect, it } from 'vitest';
import { estimateTuning, piptrack, pitchTuning } from '../../src/dsp/core/pitch.ts';
import { spectrogram } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { sine, sum } from '../support/signals.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

/** f0 moved by `dev` semitones (fractions of a 12-TET bin). */
const detune = (f0: number, dev: number) => f0 * 2 ** (dev / 12);
/** |x - target| <= tol, allowing for the float64 rounding of histogram edges (i * 0.01 - 0.5). */
const expectWithin = (x: number, target: number, tol: number) => expect(Math.abs(x - target)).toBeLessThanOrEqual(tol + 1e-9);

describe('pitchTuning', () => {
  it('finds the offset of notes tuned +25 cents (librosa docstring example)', () => {
    const freqs = Float64Array.from({ length: 24 }, (_, i) => 55 * 2 ** ((i + 0.25) / 12));
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 9);
  });

  it('wraps deviations above half a bin to the next note down and returns the bin left edge', () => {
    // -0.205 lies in [-0.21, -0.20)
    const freqs = [110, 440, 660, 1320].map((f) => detune(f, -0.205));
    expect(pitchTuning(freqs)).toBeCloseTo(-0.21, 9);
    // 0.62 of a bin above A is 0.38 below A#
    expect(pitchTuning([detune(440, 0.625)])).toBeCloseTo(-0.38, 9);
  });

  it('takes the histogram peak, not the mean, and honours the resolution', () => {
    const freqs = [...Array(5).fill(detune(440, 0.105)), ...Array(3).fill(detune(440, -0.305))];
    expect(pitchTuning(freqs)).toBeCloseTo(0.1, 9);
    expect(pitchTuning(freqs, { resolution: 0.1 })).toBeCloseTo(0.1, 9);
  });

  it('ignores non-positive frequencies, gives 0 for none, and rejects a bad resolution', () => {
    expect(pitchTuning([])).toBe(0);
    expect(pitchTuning([0, -440])).toBe(0);
    expect(pitchTuning([0, detune(440, 0.305)])).toBeCloseTo(0.3, 9);
    expect(() => pitchTuning([440], { resolution: 0 })).toThrow(ParameterError);
    expect(() => pitchTuning([440], { resolution: 1 })).toThrow(ParameterError);
  });
});

describe('piptrack', () => {
  it('puts one interpolated pitch per frame on a steady tone, between the neighbouring bins', () => {
    const f = 1000;
    const { pitches, magnitudes } = piptrack({ y: sine(f, 1) });
    for (const t of [5, 20, 35]) {
      const found: number[] = [];
      for (let k = 0; k < pitches.rows; k++) if (pitches.data[k * pitches.cols + t] > 0) found.push(pitches.data[k * pitches.cols + t]);
      expect(found.length).toBe(1);
      // parabolic interpolation of a Hann-windowed magnitude peak: well inside a tenth of a bin (1.08 Hz)
      expect(Math.abs(found[0] - f)).toBeLessThan(1.08);
    }
    // magnitudes only where pitches are
    for (let i = 0; i < pitches.data.length; i++) expect(magnitudes.data[i] > 0).toBe(pitches.data[i] > 0);
  });

  it('reports nothing outside [fmin, fmax) and nothing below threshold x the frame maximum', () => {
    const low = piptrack({ y: sine(100, 0.5) });
    expect(low.pitches.data.every((v) => v === 0)).toBe(true);
    // a partial 30 dB below the main tone is under 0.1 x max of the magnitude spectrum
    const y = sum(sine(440, 0.5), sine(1500, 0.5, { amplitude: 0.5 * 10 ** (-30 / 20) }));
    const { pitches } = piptrack({ y });
    const t = 10;
    const found: number[] = [];
    for (let k = 0; k < pitches.rows; k++) if (pitches.data[k * pitches.cols + t] > 0) found.push(pitches.data[k * pitches.cols + t]);
    expect(found.length).toBe(1);
    expect(Math.abs(found[0] - 440)).toBeLessThan(1.08);
    // with an absolute reference below the partial's peak, both tones count
    const both = piptrack({ y, ref: 1 });
    let n = 0;
    for (let k = 0; k < both.pitches.rows; k++) if (both.pitches.data[k * both.pitches.cols + t] > 0) n++;
    expect(n).toBe(2);
  });
});

describe('estimateTuning', () => {
  it('gives about 0 for an A4 sine at 440 Hz', () => {
    expectWithin(estimateTuning({ y: sine(440, 2) }), 0, 0.02);
  });

  it('gives about 0.3 for a sine 0.3 semitone above A4, and -0.3 below (magnitude spectrogram, as librosa from y)', () => {
    expectWithin(estimateTuning({ y: sine(detune(440, 0.3), 2) }), 0.3, 0.02);
    expectWithin(estimateTuning({ y: sine(detune(440, -0.3), 2) }), -0.3, 0.02);
  });

  it('is biased a little more on a power spectrogram (chroma_stft passes one), within 0.05', () => {
    // parabolic interpolation of |X|^2 around a Hann peak overshoots more than of |X|; librosa does the same
    const { S } = spectrogram({ y: sine(detune(440, 0.3), 2), power: 2 });
    expectWithin(estimateTuning({ S }), 0.3, 0.05);
  });

  it('returns 0 for silence, without NaN', () => {
    expect(estimateTuning({ y: new Float32Array(22050) })).toBe(0);
    expect(estimateTuning({ y: Float32Array.of(0.5) })).toBe(0);
  });
});

describeWithData('estimateTuning matches librosa-ref chroma_tuning', () => {
  for (const stem of REF_STEMS) {
    it(`${stem}: the same histogram bin as librosa 0.10.2 (power STFT, reflect padding)`, async () => {
      const { y } = await loadAudioFile(audioPath(stem));
      const { S } = spectrogram({ y, power: 2, padMode: 'reflect' });
      const expected = readLibrosaRef(stem).chroma_tuning;
      // re-derived exactly: equal up to the float64 rounding of the bin edge
      expect(Math.abs(estimateTuning({ S }) - expected)).toBeLessThan(1e-9);
    });
  }
});
