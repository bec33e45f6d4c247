/** What the read-out names under the pointer: the mel band's frequency, the pitch class, a cell's value, the taggram's tag and its value. */
import { describe, expect, it } from 'vitest';
import { hzToMel } from '../../../src/dsp/core/convert.ts';
import { formatHz, frequencyAt, fromBottomIn, matrixValueAt, patchValueAt, pitchClassAt, rowAt, taggramRowAt } from '../../../src/app/plots/readout.ts';

describe('read-out', () => {
  it('the height inside a frame, 0 at its bottom and 1 at its top, none outside it', () => {
    const f = { y: 6, height: 100 };
    expect(fromBottomIn(106, f)).toBe(0);
    expect(fromBottomIn(6, f)).toBe(1);
    expect(fromBottomIn(31, f)).toBe(0.75);
    expect(fromBottomIn(2, f)).toBeNull();
    expect(fromBottomIn(110, f)).toBeNull();
  });

  it('the spectrogram’s frequency follows the Slaney mel scale it is drawn on, from 0 Hz to fmax', () => {
    expect(frequencyAt(0, 11025)).toBe(0);
    expect(frequencyAt(1, 11025)).toBeCloseTo(11025, 6);
    // 1 kHz sits where its mel value puts it
    expect(frequencyAt(hzToMel(1000) / hzToMel(11025), 11025)).toBeCloseTo(1000, 6);
    // half way up is far below half of fmax (the mel scale is logarithmic above 1 kHz)
    expect(frequencyAt(0.5, 11025)).toBeLessThan(3000);
    expect([formatHz(440.4), formatHz(2345), formatHz(10960)]).toEqual(['440 Hz', '2.35 kHz', '11.0 kHz']);
  });

  it('the chromagram’s pitch class: C at the bottom row, B at the top', () => {
    expect(pitchClassAt(0.01)).toBe('C');
    expect(pitchClassAt(0.99)).toBe('B');
    expect(pitchClassAt(1)).toBe('B');
    expect(pitchClassAt(9.5 / 12)).toBe('A');
    expect(rowAt(0.5, 128)).toBe(64);
  });

  it('a matrix cell at a time and row, none past the columns', () => {
    const m = { rows: 2, cols: 3, data: Float32Array.of(1, 2, 3, 4, 5, 6) };
    expect(matrixValueAt(m, 1, 0.25, 0.1)).toBe(6);
    expect(matrixValueAt(m, 0, 0.05, 0.1)).toBe(1);
    expect(matrixValueAt(m, 0, 0.31, 0.1)).toBeNull();
    expect(matrixValueAt(m, 2, 0.05, 0.1)).toBeNull();
  });

  it('the taggram’s row counts from the top, and a tag’s value is that of the patch under the pointer', () => {
    expect(taggramRowAt(0.99, 12)).toBe(0);
    expect(taggramRowAt(0.01, 12)).toBe(11);
    const patches = [
      { start: 0, end: 3, values: [0.1, 0.9] },
      { start: 6, end: 9, values: [0.4, 0.2] },
    ];
    expect(patchValueAt(patches, 1, 1.5)).toBe(0.9);
    expect(patchValueAt(patches, 0, 7)).toBe(0.4);
    expect(patchValueAt(patches, 0, 4.5)).toBeNull();
  });
});
