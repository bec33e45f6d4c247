import { describe, expect, it } from 'vitest';
import { estimateKey, KRUMHANSL_KESSLER } from '../../src/dsp/key/estimateKey.ts';
import { chromaStft } from '../../src/dsp/feature/chroma.ts';
import { PITCH_CLASSES } from '../../src/dsp/core/convert.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import type { Matrix } from '../../src/dsp/matrix.ts';
import { chord } from '../support/signals.ts';

/** Chords (MIDI notes) of `sec` seconds each, one after another. */
function progression(chords: number[][], sec = 1): Float32Array {
  const parts = chords.map((notes) => chord(notes, sec));
  const y = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    y.set(p, at);
    at += p.length;
  }
  return y;
}

const transpose = (chords: number[][], by: number) => chords.map((c) => c.map((m) => m + by));

/** A 12 x frames matrix whose every frame is `v`. */
function constantChroma(v: ArrayLike<number>, frames = 4): Matrix {
  const data = new Float32Array(12 * frames);
  for (let c = 0; c < 12; c++) data.fill(v[c], c * frames, (c + 1) * frames);
  return { rows: 12, cols: frames, data };
}

const I_IV_V_I_C = [
  [60, 64, 67],
  [65, 69, 72],
  [67, 71, 74],
  [60, 64, 67],
];
// i - iv - V - i in A minor (E major as the dominant, with G#)
const i_iv_V_i_A = [
  [57, 60, 64],
  [62, 65, 69],
  [64, 68, 71],
  [57, 60, 64],
];

describe('estimateKey (Krumhansl-Schmuckler, Krumhansl-Kessler profiles)', () => {
  it('recovers every key from its own rotated profile with correlation 1', () => {
    for (const mode of ['major', 'minor'] as const) {
      for (let tonic = 0; tonic < 12; tonic++) {
        const v = Array.from({ length: 12 }, (_, c) => KRUMHANSL_KESSLER[mode][(c - tonic + 12) % 12]);
        const key = estimateKey({ chroma: constantChroma(v) });
        expect([key.tonic, key.mode]).toEqual([PITCH_CLASSES[tonic], mode]);
        expect(key.confidence).toBeCloseTo(1, 6);
        expect(key.scores[mode][tonic]).toBeCloseTo(1, 6);
      }
    }
  });

  it('finds C major in a I-IV-V-I progression and a C major scale', () => {
    const key = estimateKey({ chroma: chromaStft({ y: progression(I_IV_V_I_C) }) });
    expect([key.tonic, key.mode]).toEqual(['C', 'major']);
    expect(key.margin).toBeGreaterThan(0);
    const scale = progression([[60], [62], [64], [65], [67], [69], [71], [72]], 0.5);
    expect(estimateKey({ chroma: chromaStft({ y: scale }) })).toMatchObject({ tonic: 'C', mode: 'major' });
  });

  it('finds A minor in a i-iv-V-i progression', () => {
    const key = estimateKey({ chroma: chromaStft({ y: progression(i_iv_V_i_A) }) });
    expect([key.tonic, key.mode]).toEqual(['A', 'minor']);
  });

  it('follows a transposition (D major, E minor)', () => {
    expect(estimateKey({ chroma: chromaStft({ y: progression(transpose(I_IV_V_I_C, 2)) }) })).toMatchObject({ tonic: 'D', mode: 'major' });
    expect(estimateKey({ chroma: chromaStft({ y: progression(transpose(i_iv_V_i_A, 7)) }) })).toMatchObject({ tonic: 'E', mode: 'minor' });
  });

  it('keeps confidence in [0, 1] and scores as correlations in [-1, 1]', () => {
    const key = estimateKey({ chroma: chromaStft({ y: progression(I_IV_V_I_C) }) });
    expect(key.confidence).toBeGreaterThan(0.5);
    expect(key.confidence).toBeLessThanOrEqual(1);
    expect(key.margin).toBeGreaterThanOrEqual(0);
    for (const s of [...key.scores.major, ...key.scores.minor]) {
      expect(s).toBeGreaterThanOrEqual(-1);
      expect(s).toBeLessThanOrEqual(1);
    }
    // the reported confidence is the winning score
    expect(key.confidence).toBe(key.scores[key.mode][PITCH_CLASSES.indexOf(key.tonic)]);
  });

  it('gives a defined, zero-confidence answer for silence, flat chroma and no frames', () => {
    for (const chroma of [chromaStft({ y: new Float32Array(22050) }), constantChroma(new Array(12).fill(1)), { rows: 12, cols: 0, data: new Float32Array(0) }]) {
      const key = estimateKey({ chroma });
      expect(key).toMatchObject({ tonic: 'C', mode: 'major', confidence: 0, margin: 0 });
      expect([...key.scores.major, ...key.scores.minor].every((s) => s === 0)).toBe(true);
    }
  });

  it('rejects a chromagram that is not 12 rows or not finite', () => {
    expect(() => estimateKey({ chroma: { rows: 24, cols: 1, data: new Float32Array(24) } })).toThrow(ParameterError);
    const bad = constantChroma(new Array(12).fill(0.5));
    bad.data[3] = NaN;
    expect(() => estimateKey({ chroma: bad })).toThrow(ParameterError);
  });
});
