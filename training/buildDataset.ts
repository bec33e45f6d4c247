/**
 * Dataset builder for the CNN: decodes every GTZAN clip that has audio, computes its log-mel
 * spectrogram with the app's own feature engine and the one configuration in
 * public/models/cnn/metadata.json, and writes them to training/.cache/logmel/ for the trainer:
 *   logmel.f32  all clips back to back, each nMels x frames (bins x frames, float32 LE)
 *   index.json  { features, nMels, clips: [{ stem, genre, split, frames, offset }] }
 * and the same for every clip re-encoded as 128 kbit/s MP3 in training/.cache/logmel-mp3-128k/.
 * Rebuilds only when a cache is missing or was made with another feature configuration.
 *
 *   npx tsx training/buildDataset.ts [--data ../shared/data] [--force]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { logMelFromAudio } from '../src/model/features.ts';
import { parseMelFeatureConfig, type MelFeatureConfig } from '../src/model/metadata.ts';
import { cacheDir, modelsDir, readClips, resolveDataDir, type Clip } from './dataPaths.ts';
import { mp3Of } from './mp3.ts';

export const logMelCacheDir = join(cacheDir, 'logmel');

export interface CachedClip {
  stem: string;
  genre: string;
  split: 'train' | 'valid';
  frames: number;
  /** Offset in float32 values into logmel.f32. */
  offset: number;
}

export interface LogMelIndex {
  features: MelFeatureConfig;
  nMels: number;
  clips: CachedClip[];
}

export function readCnnFeatureConfig(): MelFeatureConfig {
  const meta = JSON.parse(readFileSync(join(modelsDir, 'cnn', 'metadata.json'), 'utf8')) as { features: unknown };
  return parseMelFeatureConfig(meta.features);
}

function cacheIsCurrent(dir: string, features: MelFeatureConfig, nClips: number): boolean {
  const indexPath = join(dir, 'index.json');
  if (!existsSync(indexPath) || !existsSync(join(dir, 'logmel.f32'))) return false;
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as LogMelIndex;
  return JSON.stringify(index.features) === JSON.stringify(features) && index.clips.length === nClips;
}

async function buildCache(dir: string, items: { clip: Clip; path: string }[], features: MelFeatureConfig, force: boolean): Promise<void> {
  const name = basename(dir);
  if (!force && cacheIsCurrent(dir, features, items.length)) {
    console.log(`[dataset] ${name}: cache is current (${items.length} clips) in ${dir}`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, 'logmel.f32.tmp');
  const fd = openSync(tmp, 'w');
  const out: CachedClip[] = [];
  let offset = 0;
  const t0 = performance.now();
  try {
    for (const [i, { clip, path }] of items.entries()) {
      const audio = await loadAudioFile(path, { sr: features.sampleRateHz });
      const m = logMelFromAudio(audio.y, features);
      writeSync(fd, new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
      out.push({ stem: clip.stem, genre: clip.genre, split: clip.split, frames: m.cols, offset });
      offset += m.data.length;
      if ((i + 1) % 50 === 0 || i + 1 === items.length) {
        console.log(`[dataset] ${name}: ${i + 1}/${items.length} clips, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, 'logmel.f32'));
  const index: LogMelIndex = { features, nMels: features.nMels, clips: out };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 1));
  const count = (s: string) => out.filter((c) => c.split === s).length;
  console.log(`[dataset] ${name}: wrote ${out.length} clips (train ${count('train')}, valid ${count('valid')}) to ${dir}`);
}

/**
 * The training cache (every clip as stored) and the same clips re-encoded as 128 kbit/s MP3:
 * the trainer draws some training crops from the train clips' MP3s (users drop MP3s) and scores
 * the valid clips' MP3s alongside valid (never selects on them).
 */
export async function buildLogMelDataset(args: string[]): Promise<void> {
  const dataDir = resolveDataDir(args);
  const features = readCnnFeatureConfig();
  const clips = readClips(dataDir);
  const force = args.includes('--force');
  await buildCache(logMelCacheDir, clips.map((clip) => ({ clip, path: clip.file })), features, force);
  await buildCache(join(cacheDir, 'logmel-mp3-128k'), clips.map((clip) => ({ clip, path: mp3Of(clip.file, clip.stem, 'mp3-128k') })), features, force);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildLogMelDataset(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`buildDataset: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
