/**
 * musicnn's per-patch outputs (the 200-unit embedding and the 50 tags) for every GTZAN clip with
 * audio, computed exactly as the app and the CLI compute them (decode to 22.05 kHz, the engine's
 * kaiser_best resampling to 16 kHz, src/model/musicnn), for the genre head's trainer. Cached in
 * training/.cache/musicnn-<variant>/<shard>.json, keyed by the weights' hash; `--shard k/n` splits
 * the clips so that n processes can share the cores (the trainer reads every shard).
 *
 *   npx tsx training/buildEmbeddings.ts [--data ../shared/data] [--variant original|mp3-128k] [--shard 0/1] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { musicnnLogMelFromPcm, musicnnPatches } from '../src/model/musicnn/input.ts';
import { loadMusicnn } from '../src/model/musicnn/load.ts';
import { runMusicnn } from '../src/model/musicnn/predict.ts';
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { selectNodeBackend } from '../src/node/backend.ts';
import { fileModelFiles } from '../src/node/modelFiles.ts';
import { cacheDir, modelsDir, readClips, resolveDataDir, takeOption } from './dataPaths.ts';
import { mp3Of } from './mp3.ts';

export type EmbeddingVariant = 'original' | 'mp3-128k';

export interface ClipEmbeddings {
  stem: string;
  genre: string;
  split: 'train' | 'valid';
  patches: number;
  /** patches x 200, row-major */
  penultimate: number[];
  /** patches x 50, row-major */
  taggram: number[];
}

const ANALYSIS_SR = 22050;

export function embeddingCacheDir(variant: EmbeddingVariant): string {
  return join(cacheDir, `musicnn-${variant}`);
}

function weightsHash(): string {
  const h = createHash('sha256');
  const dir = join(modelsDir, 'musicnn', 'msd');
  for (const f of readdirSync(dir).sort()) h.update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

/** Every cached clip of a variant (all shards), checked against the current weights. */
export function readEmbeddings(variant: EmbeddingVariant): ClipEmbeddings[] {
  const dir = embeddingCacheDir(variant);
  const key = weightsHash();
  if (!existsSync(dir)) throw new Error(`no musicnn embeddings in ${dir}: run npx tsx training/buildEmbeddings.ts --variant ${variant}`);
  const out: ClipEmbeddings[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const shard = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { key: string; clips: ClipEmbeddings[] };
    if (shard.key !== key) throw new Error(`${join(dir, f)} was made with other musicnn weights: rebuild it (--force)`);
    out.push(...shard.clips);
  }
  return out.sort((a, b) => a.stem.localeCompare(b.stem));
}

export async function buildEmbeddings(args: string[]): Promise<void> {
  const dataDir = resolveDataDir(args);
  const variant = (takeOption(args, 'variant').value ?? 'original') as EmbeddingVariant;
  if (variant !== 'original' && variant !== 'mp3-128k') throw new Error(`unknown variant ${variant}`);
  const [k, n] = (takeOption(args, 'shard').value ?? '0/1').split('/').map(Number);
  const dir = embeddingCacheDir(variant);
  const out = join(dir, `shard${k}of${n}.json`);
  const key = weightsHash();
  if (!args.includes('--force') && existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as { key: string }).key === key) {
    console.log(`[embeddings] ${variant} shard ${k}/${n}: cached`);
    return;
  }
  const clips = readClips(dataDir).filter((_, i) => i % n === k);
  const choice = await selectNodeBackend();
  const net = await loadMusicnn(fileModelFiles());
  const t0 = performance.now();
  const rows: ClipEmbeddings[] = [];
  for (const [i, clip] of clips.entries()) {
    const file = variant === 'original' ? clip.file : mp3Of(clip.file, clip.stem, variant);
    const { y } = await loadAudioFile(file, { sr: ANALYSIS_SR });
    const patches = musicnnPatches(musicnnLogMelFromPcm(y, ANALYSIS_SR, net.meta.features), net.meta);
    const r = await runMusicnn(net, patches);
    rows.push({
      stem: clip.stem,
      genre: clip.genre,
      split: clip.split,
      patches: r.nPatches,
      penultimate: Array.from(r.penultimate, (v) => Number(v.toPrecision(7))),
      taggram: Array.from(r.taggram, (v) => Number(v.toPrecision(7))),
    });
    if ((i + 1) % 20 === 0 || i + 1 === clips.length) {
      console.log(`[embeddings] ${variant} shard ${k}/${n}: ${i + 1}/${clips.length} clips, ${((performance.now() - t0) / 1000).toFixed(0)} s on ${choice.backend}`);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(out, JSON.stringify({ key, variant, clips: rows }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildEmbeddings(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`buildEmbeddings: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
