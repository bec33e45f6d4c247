/**
 * Node-side model loading for the CLI, the training tools and the tests: reads public/models
 * from disk and hands the tfjs LayersModel files to tf.io.fromMemory (no fetch, no tfjs-node).
 * Runs on tfjs's WebAssembly backend (XNNPACK with SIMD: musicnn takes about 155 ms a patch
 * there on this 2-core machine, 4.4 s on the plain CPU backend), falling back to the CPU backend
 * where it cannot start, and silences tfjs's "install tfjs-node" banner.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers 'wasm'; in Node it reads its .wasm from node_modules
import { loadGenreModels, loadMusicnnModels, type ModelSource } from '../model/load.ts';
import { selectBackend, type BackendChoice } from '../model/backend.ts';
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

async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`could not read ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
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
    readJson: (path) => readJsonFile(join(modelsDir, path)),
    readBinary: async (path) => {
      const b = await readFile(join(modelsDir, path));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    loadLayersModel: async (path) => tf.loadLayersModel(tf.io.fromMemory(await readLayersModelArtifacts(join(modelsDir, path)))),
  };
}

export interface NodeModels {
  models: GenreModels;
  /** Present when asked for (`musicnn: true`). */
  musicnn?: MusicnnModels;
  backend: BackendChoice;
}

/** The fastest backend Node has: WebAssembly, else the plain CPU backend (no WebGL in Node). */
export async function selectNodeBackend(): Promise<BackendChoice> {
  tf.env().set('PROD', true); // the banner about tfjs-node goes through tfjs's warn(), which PROD mutes
  return selectBackend(['wasm', 'cpu']);
}

/** Loads the shipped models from disk on the fastest backend Node has; musicnn and its head with `musicnn: true`. */
export async function loadModelsFromDisk(modelsDir = defaultModelsDir, { musicnn = false } = {}): Promise<NodeModels> {
  const backend = await selectNodeBackend();
  const source = fileModelSource(modelsDir);
  const [models, mm] = await Promise.all([loadGenreModels(source), musicnn ? loadMusicnnModels(source) : undefined]);
  return { models, backend, ...(mm ? { musicnn: mm } : {}) };
}
