/**
 * Loading a converted musicnn network (metadata, tfjs weights manifest, weights) from a
 * ModelFiles source: fetched in the browser, read from disk in Node. `dir` is relative to the models
 * folder, e.g. "musicnn/msd".
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelFiles } from '../modelFiles.ts';
import { parseMusicnnMetadata } from './metadata.ts';
import { createMusicnn, type MusicnnNetwork } from './network.ts';

type WeightsManifest = { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];

export async function loadMusicnn(source: ModelFiles, dir = 'musicnn/msd'): Promise<MusicnnNetwork> {
  const meta = parseMusicnnMetadata(await source.readJson(`${dir}/metadata.json`));
  const manifest = (await source.readJson(`${dir}/${meta.weightsManifest}`)) as WeightsManifest;
  if (!Array.isArray(manifest)) throw new Error(`${dir}/${meta.weightsManifest} is not a tfjs weights manifest`);
  const specs = manifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(manifest.flatMap((g) => g.paths.map((p) => source.readBinary(`${dir}/${p}`))));
  const weights = tf.io.decodeWeights(buffers, specs);
  try {
    return createMusicnn(meta, weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
