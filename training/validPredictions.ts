/**
 * Each model's probabilities on the valid clips that have audio, computed exactly as the CLI
 * computes them (decode -> analyzeTrack: mel spectrogram + the 57 table features -> src/model),
 * optionally after re-encoding every clip as 128 kbit/s MP3 with ffmpeg. Shared by the ensemble
 * selection and the evaluation; cached in training/.cache keyed by the model files' hashes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrack } from '../src/analysis/analyzeTrack.ts';
import { classifyTrack } from '../src/model/classify.ts';
import { cnnMelPower } from '../src/model/features.ts';
import { GENRES } from '../src/model/metadata.ts';
import type { GenreModels, GenreProbabilities } from '../src/model/types.ts';
import { loadAudioFile } from '../src/node/decodeAudio.ts';

import { cacheDir, modelsDir, readClips } from './dataPaths.ts';
import { mp3Of, type Mp3Variant } from './mp3.ts';

/** original: the files as stored; mp3-128k: ffmpeg's default MP3 of them (22.05 kHz mono, where LAME
 * lowpasses near 10.5 kHz); mp3-128k-44k: resampled to 44.1 kHz first, as music is usually sold. */
export type Variant = 'original' | Mp3Variant;

export interface ClipPrediction {
  stem: string;
  genre: string;
  format: string;
  cnn: number[];
  table: number[] | null;
  /** Seconds for decode + analysis + both models (the CLI's work for this clip). */
  seconds: number;
}

const toArray = (p: GenreProbabilities): number[] => GENRES.map((g) => p[g]);

function modelsHash(): string {
  const h = createHash('sha256');
  for (const dir of ['cnn', 'table']) {
    for (const f of readdirSync(join(modelsDir, dir)).sort()) h.update(readFileSync(join(modelsDir, dir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export async function predictValidClips(models: GenreModels, dataDir: string, variant: Variant, log = console.log): Promise<ClipPrediction[]> {
  const clips = readClips(dataDir).filter((c) => c.split === 'valid');
  const cachePath = join(cacheDir, `valid-predictions-${variant}.json`);
  const key = `${modelsHash()}:${clips.map((c) => c.stem).join(',')}`;
  if (existsSync(cachePath)) {
    const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as { key: string; predictions: ClipPrediction[] };
    if (cached.key === key) {
      log(`[valid] ${variant}: ${cached.predictions.length} cached clip predictions`);
      return cached.predictions;
    }
  }
  const out: ClipPrediction[] = [];
  const f = models.cnnMeta.features;
  const t0 = performance.now();
  for (const [i, clip] of clips.entries()) {
    const path = variant === 'original' ? clip.file : mp3Of(clip.file, clip.stem, variant);
    const t = performance.now();
    const { y } = await loadAudioFile(path, { sr: f.sampleRateHz });
    const a = await analyzeTrack(y, { sr: f.sampleRateHz });
    const melPower = cnnMelPower(a, y, f);
    const r = await classifyTrack(models, { melPower, tableFeatures: a.gtzanFeatures });
    out.push({
      stem: clip.stem,
      genre: clip.genre,
      format: variant === 'original' ? clip.format : variant,
      cnn: toArray(r.models.cnn),
      table: r.models.table ? toArray(r.models.table) : null,
      seconds: (performance.now() - t) / 1000,
    });
    if ((i + 1) % 20 === 0 || i + 1 === clips.length) log(`[valid] ${variant}: ${i + 1}/${clips.length} clips, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cachePath, JSON.stringify({ key, predictions: out }));
  return out;
}
