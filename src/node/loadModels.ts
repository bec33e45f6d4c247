/**
 * Node-side model loading for the CLI, the training tools and the tests: reads public/models
 * from disk and hands the tfjs LayersModel files to tf.io.fromMemory (no fetch, no tfjs-node),
 * on the fastest backend Node has (src/node/backend.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { loadGenreModels, loadMusicnnModels, type ModelSource } from '../model/load.ts';
import type { BackendChoice } from '../model/backend.ts';
import { selectNodeBackend } from './backend.ts';
import { fileModelFiles, readJsonFile } from './modelFiles.ts';
import type { GenreModels, MusicnnModels } from '../model/types.ts';
import { defaultModelsDir } from './packageRoot.ts';

export { defaultModelsDir };

interface LayersModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** tf.io.fromMemory artefacts from a model.json and its weight files beside it. */
export async function readLayersModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  const json = (await readJsonFile(modelJsonPath)) as LayersModelJson;
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error(`${modelJsonPath} is not a tfjs LayersModel file`);
  const dir = dirname(modelJsonPath);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) chunks.push(new Uint8Array(await readFile(join(dir, p))));
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    weightData.set(c, off);
    off += c.byteLength;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer, format: json.format, generatedBy: json.generatedBy };
}

export function fileModelSource(modelsDir = defaultModelsDir): ModelSource {
  return {
    ...fileModelFiles(modelsDir),
    loadLayersModel: async (path) => loadLayersModel(tf.io.fromMemory(await readLayersModelArtifacts(join(modelsDir, path)))),
  };
}

export interface NodeModels {
  models: GenreModels;
  /** Present when asked for (`musicnn: true`). */
  musicnn?: MusicnnModels;
  backend: BackendChoice;
}

/** Loads the shipped models from disk on the fastest backend Node has; musicnn and its head with `musicnn: true`. */
export async function loadModelsFromDisk(modelsDir = defaultModelsDir, { musicnn = false } = {}): Promise<NodeModels> {
  const backend = await selectNodeBackend();
  const source = fileModelSource(modelsDir);
  const [models, mm] = await Promise.all([loadGenreModels(source), musicnn ? loadMusicnnModels(source) : undefined]);
  return { models, backend, ...(mm ? { musicnn: mm } : {}) };
}
