/**
 * Track embeddings (src/model/custom/embedding.ts) of many files for `teach` and `similar`: from
 * the cache (embeddingCache.ts) where the file or its content was heard before, else from musicnn
 * on the worker threads (runFiles), then stored. musicnn and tfjs are loaded only when some file
 * must be heard (and the decoders only then), so a library that is all in the cache answers without them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddingId, type EmbeddingId } from '../model/custom/embeddingId.ts';
import { parseMusicnnMetadata } from '../model/musicnn/metadata.ts';
import { packageRoot } from '../node/packageRoot.ts';
import { contentHash, EmbeddingCache } from './embeddingCache.ts';
import { ModelLoadError, runFiles, type FileProcessor, type ProcessorOptions } from './runFiles.ts';

/** The engine's rate, as in `tags` and `classify`. */
const ANALYSIS_SR = 22050;
const MUSICNN_DIR = join('musicnn', 'msd');

/**
 * The models folder without loading src/node/loadModels.ts, which imports tfjs (its
 * defaultModelsDir is this same folder): a cached library must not wait for it.
 */
export const modelsDirDefault = join(packageRoot, 'public', 'models');

/** The network's embedding and the cache key of its weights (metadata and weight manifest hashed: new weights, new embeddings). */
export function embeddingModel(modelsDir: string): { id: EmbeddingId; key: string } {
  const metaText = readFileSync(join(modelsDir, MUSICNN_DIR, 'metadata.json'), 'utf8');
  const meta = parseMusicnnMetadata(JSON.parse(metaText));
  const h = createHash('sha256').update(metaText).update(readFileSync(join(modelsDir, MUSICNN_DIR, meta.weightsManifest)));
  const id = embeddingId(meta);
  return { id, key: `${id.model}-${id.pooling}-${h.digest('hex').slice(0, 16)}` };
}

export interface EmbedJson {
  hash: string;
  embedding: number[];
}

/** Loads musicnn once and embeds a file at a time (in this thread or a worker's), storing each in the cache. */
export async function embedProcessor({ modelsDir = modelsDirDefault }: ProcessorOptions): Promise<FileProcessor> {
  const [{ selectNodeBackend }, { fileModelFiles }, { loadMusicnn }, { embedPcm }, { loadInput }] = await Promise.all([
    import('../node/backend.ts'),
    import('../node/modelFiles.ts'),
    import('../model/musicnn/load.ts'),
    import('../model/custom/embedding.ts'),
    import('./loadInput.ts'),
  ]);
  await selectNodeBackend();
  const net = await loadMusicnn(fileModelFiles(modelsDir));
  const cache = new EmbeddingCache(embeddingModel(modelsDir).key, net.meta.embeddingSize);
  return async (file) => {
    const hash = await contentHash(file);
    let embedding = cache.read(hash);
    if (!embedding) {
      const { y } = await loadInput(file, ANALYSIS_SR);
      embedding = await embedPcm(net, y, ANALYSIS_SR);
      if (!embedding) throw new Error('nothing but silence: no sound to compare');
      cache.write(hash, embedding);
    }
    const json: EmbedJson = { hash, embedding: Array.from(embedding) };
    return { json, text: '' };
  };
}

export interface EmbedOptions {
  modelsDir: string;
  jobs?: number;
}

/**
 * Each file's embedding, in order (null for a file that failed: its line is on stderr), and the
 * embedding's id; null when musicnn could not load (its line is on stderr too).
 */
export async function embedFiles(files: string[], o: EmbedOptions): Promise<{ id: EmbeddingId; embeddings: (Float32Array | null)[] } | null> {
  let model;
  try {
    model = embeddingModel(o.modelsDir);
  } catch (err) {
    process.stderr.write(`genrescope: could not load musicnn: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return null;
  }
  const cache = new EmbeddingCache(model.key, model.id.size);
  const embeddings = files.map((f) => cache.lookup(f));
  // a file the index does not know may still be known by its content (renamed, copied, touched)
  for (const [i, f] of files.entries()) {
    if (embeddings[i]) continue;
    const hash = await contentHash(f).catch(() => null); // unreadable: its error comes from the worker, in file order
    if (!hash) continue;
    embeddings[i] = cache.read(hash);
    if (embeddings[i]) cache.remember(f, hash);
  }
  const missing = files.filter((_, i) => !embeddings[i]);
  if (missing.length > 0) {
    let results;
    try {
      results = await runFiles(missing, { command: 'embed', processor: { modelsDir: o.modelsDir }, jobs: o.jobs, local: () => embedProcessor({ modelsDir: o.modelsDir }) });
    } catch (err) {
      if (!(err instanceof ModelLoadError)) throw err;
      process.stderr.write(`genrescope: could not load musicnn: ${err.message.split('\n')[0]}\n`);
      return null;
    }
    let next = 0;
    for (const [i, f] of files.entries()) {
      if (embeddings[i]) continue;
      const r = results[next++]?.json as EmbedJson | undefined;
      if (!r) continue;
      embeddings[i] = Float32Array.from(r.embedding);
      cache.remember(f, r.hash);
    }
  }
  cache.saveIndex();
  return { id: model.id, embeddings };
}
