/**
 * Loading the model files (CNN, table model, ensemble weights, the no-music detector's parameters,
 * read by both stages; musicnn and its genre head apart) once, from any source: the
 * browser fetches them from public/models (served at /models), Node reads them from disk
 * (src/node/loadModels.ts). Metadata is validated before any weights are used.
 */
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { fetchModelFiles, withSlash, type ModelFiles } from './modelFiles.ts';
import { parseCnnMetadata, parseEnsembleMetadata, parseHeadMetadata, parseTableMetadata } from './metadata.ts';
import { loadMusicnn } from './musicnn/load.ts';
import { parseNoMusicMetadata } from './noMusic/metadata.ts';
import type { GenreModels, MusicnnModels } from './types.ts';

/** Model files and the tfjs LayersModels among them; paths are relative to the models folder (e.g. "cnn/metadata.json"). */
export interface ModelSource extends ModelFiles {
  loadLayersModel(path: string): Promise<LayersModel>;
}

export async function loadGenreModels(source: ModelSource): Promise<GenreModels> {
  const [cnnMeta, tableMeta, ensemble, noMusic] = await Promise.all([
    source.readJson('cnn/metadata.json').then(parseCnnMetadata),
    source.readJson('table/metadata.json').then(parseTableMetadata),
    source.readJson('ensemble.json').then(parseEnsembleMetadata),
    source.readJson('no-music/metadata.json').then(parseNoMusicMetadata),
  ]);
  const [cnn, table] = await Promise.all([
    source.loadLayersModel(`cnn/${cnnMeta.modelUrl}`),
    source.loadLayersModel(`table/${tableMeta.modelUrl}`),
  ]);
  checkShapes(cnn, [cnnMeta.windowing.frames, cnnMeta.inputMels, 1], 'cnn');
  checkShapes(table, [tableMeta.featureNames.length], 'table');
  return { cnn, cnnMeta, table, tableMeta, ensemble, noMusic };
}

/** musicnn (MSD) and the genre head on its embedding. */
export async function loadMusicnnModels(source: ModelSource): Promise<MusicnnModels> {
  const [net, headMeta] = await Promise.all([loadMusicnn(source, 'musicnn/msd'), source.readJson('musicnn-head/metadata.json').then(parseHeadMetadata)]);
  const head = await source.loadLayersModel(`musicnn-head/${headMeta.modelUrl}`);
  if (headMeta.embeddingSize !== net.meta.embeddingSize || headMeta.tagCount !== net.meta.tags.length) {
    throw new Error(`musicnn head takes ${headMeta.embeddingSize} + ${headMeta.tagCount} values, musicnn gives ${net.meta.embeddingSize} + ${net.meta.tags.length}`);
  }
  checkShapes(head, [headMeta.embeddingSize + headMeta.tagCount], 'musicnn head');
  return { net, head, headMeta };
}

function checkShapes(model: LayersModel, input: number[], what: string): void {
  const shape = model.inputs[0].shape.slice(1);
  if (shape.length !== input.length || shape.some((d, i) => d !== input[i])) {
    throw new Error(`${what} model input is [${shape.join(', ')}], metadata says [${input.join(', ')}]`);
  }
  const out = model.outputs[0].shape;
  if (out[out.length - 1] !== 10) throw new Error(`${what} model has ${out[out.length - 1]} outputs, expected 10 genres`);
}

/** The browser's source: fetch from a base URL (default "/models/", i.e. public/models). */
export function fetchModelSource(baseUrl = '/models/'): ModelSource {
  return { ...fetchModelFiles(baseUrl), loadLayersModel: (path) => loadLayersModel(withSlash(baseUrl) + path) };
}
