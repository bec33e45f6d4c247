/**
 * The shipped tfjs models give the PyTorch/numpy trainers' outputs on stored inputs: the
 * exporters wrote raw inputs and the trainer's probabilities into tests/fixtures/model, and this
 * test runs them through src/model's own preprocessing (normalisation, the time-major transpose,
 * standardisation, the head's tag logits) and the tfjs backend Node uses (WebAssembly). Tolerance 1e-4 absolute on probabilities (float32
 * convolutions summed in a different order; the BatchNorm folding is exact algebra).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { cnnWindows } from '../../src/model/windowing.ts';
import { predictCnnWindows, predictTable, tableInput } from '../../src/model/predict.ts';
import { predictHead } from '../../src/model/classify.ts';
import type { GenreModels } from '../../src/model/types.ts';
import { GTZAN_FEATURE_NAMES } from '../../src/dsp/gtzan/columns.ts';
import { expectAllClose } from '../support/compare.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'model');

interface CnnFixture {
  windows: number;
  nMels: number;
  frames: number;
  probabilities: number[][];
}

interface TableFixture {
  featureNames: string[];
  features: number[][];
  probabilities: number[][];
}

let models: GenreModels;

beforeAll(async () => {
  models = (await loadModelsFromDisk()).models;
});

describe('tfjs models match the trainers', () => {
  it('CNN: the tfjs model reproduces the PyTorch softmax on stored log-mel windows to 1e-4', async () => {
    const fx = JSON.parse(readFileSync(join(fixtures, 'cnn-parity.json'), 'utf8')) as CnnFixture;
    const raw = readFileSync(join(fixtures, 'cnn-parity.f32'));
    const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    expect(fx.nMels).toBe(models.cnnMeta.features.nMels);
    expect(fx.frames).toBe(models.cnnMeta.windowing.frames);
    const size = fx.nMels * fx.frames;
    expect(all.length).toBe(fx.windows * size);
    for (let i = 0; i < fx.windows; i++) {
      // bins x frames, the layout the app hands to src/model
      const logMel = { rows: fx.nMels, cols: fx.frames, data: all.slice(i * size, (i + 1) * size) };
      const w = cnnWindows(logMel, models.cnnMeta);
      expect(w.starts).toEqual([0]);
      const p = await predictCnnWindows(models.cnn, w, 10);
      expectAllClose(p, fx.probabilities[i], { rtol: 0, atol: 1e-4, label: `cnn window ${i}` });
    }
  });

  it('table model: the tfjs model reproduces the trainer (float64) on stored feature vectors to 1e-4', async () => {
    const fx = JSON.parse(readFileSync(join(fixtures, 'table-parity.json'), 'utf8')) as TableFixture;
    expect(fx.featureNames).toEqual(models.tableMeta.featureNames);
    for (const [i, f] of fx.features.entries()) {
      const x = tableInput(f, models.tableMeta);
      expect(x).not.toBeNull();
      const p = await predictTable(models.table, x as Float32Array);
      expectAllClose(p, fx.probabilities[i], { rtol: 0, atol: 1e-4, label: `table row ${i}` });
    }
  });

  it("the table model's feature order is the engine's GTZAN_FEATURE_NAMES", () => {
    expect(models.tableMeta.featureNames).toEqual([...GTZAN_FEATURE_NAMES]);
  });
});

describe('the musicnn genre head matches its trainer', () => {
  it('gives training/train_head.py\'s probabilities on stored embeddings and taggrams to 1e-4', async () => {
    const fx = JSON.parse(readFileSync(join(fixtures, 'head-parity.json'), 'utf8')) as { embeddings: number[][]; taggrams: number[][]; probabilities: number[][] };
    const { musicnn } = await loadModelsFromDisk(undefined, { musicnn: true });
    if (!musicnn) throw new Error('musicnn did not load');
    const outputs = { nPatches: fx.embeddings.length, penultimate: Float32Array.from(fx.embeddings.flat()), taggram: Float32Array.from(fx.taggrams.flat()) };
    const p = await predictHead(musicnn, outputs);
    expectAllClose(p, fx.probabilities.flat(), { rtol: 0, atol: 1e-4, label: 'head' });
  });
});
