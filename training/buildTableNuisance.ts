/**
 * Nuisance rows for the feature-table model: for every train clip with audio, the 57 GTZAN
 * features (the app's engine) of the clip as stored, of its 128 kbit/s MP3 re-encoding
 * (training/mp3.ts) and of a gain change of +-2..6 dB (seeded per stem). train_table.py turns
 * the differences variant - original into a covariance that the LDA learns to ignore: how the
 * features move under MP3 coding and level changes, not with the genre. Valid clips are never
 * touched. Cached in training/.cache/table-nuisance/features.csv (about 3 minutes to build here).
 *
 *   npx tsx training/buildTableNuisance.ts [--data ../shared/data] [--force]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gtzanFeatureVector, GTZAN_FEATURE_NAMES } from '../src/analysis/gtzanFeatureVector.ts';
import { loadAudioFile } from '../src/node/decodeAudio.ts';
import { cacheDir, readClips, resolveDataDir } from './dataPaths.ts';
import { mp3Of } from './mp3.ts';

export const nuisanceCsv = join(cacheDir, 'table-nuisance', 'features.csv');
const VARIANTS = ['original', 'mp3-128k', 'gain'] as const;
const SR = 22050;

/** A gain in dB, +-U(2, 6) with a random sign, fixed by the stem (FNV-1a hash, then one xorshift step per draw). */
export function gainDbFor(stem: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stem.length; i++) h = Math.imul(h ^ stem.charCodeAt(i), 0x01000193) >>> 0;
  const next = (): number => {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    return h / 2 ** 32;
  };
  const sign = next() < 0.5 ? -1 : 1;
  return sign * (2 + 4 * next());
}

function scaled(y: Float32Array, gainDb: number): Float32Array {
  const g = 10 ** (gainDb / 20);
  return y.map((v) => v * g);
}

export async function buildTableNuisance(args: string[]): Promise<void> {
  const dataDir = resolveDataDir(args);
  const train = readClips(dataDir).filter((c) => c.split === 'train');
  // the cache is current when it holds exactly these stems and variants (after an engine
  // change, rebuild it with --force)
  const wanted = train.flatMap((c) => VARIANTS.map((v) => `${c.stem},${v}`)).join('\n');
  if (!args.includes('--force') && existsSync(nuisanceCsv)) {
    const have = readFileSync(nuisanceCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',', 2).join(',')).join('\n');
    if (have === wanted) {
      console.log(`[nuisance] cache is current (${train.length} train clips x ${VARIANTS.length} variants) in ${nuisanceCsv}; --force rebuilds it`);
      return;
    }
  }
  mkdirSync(join(cacheDir, 'table-nuisance'), { recursive: true });
  const lines = [['stem', 'variant', 'gain_db', ...GTZAN_FEATURE_NAMES].join(',')];
  const t0 = performance.now();
  for (const [i, clip] of train.entries()) {
    const { y } = await loadAudioFile(clip.file, { sr: SR });
    const { y: mp3 } = await loadAudioFile(mp3Of(clip.file, clip.stem, 'mp3-128k'), { sr: SR });
    const gainDb = gainDbFor(clip.stem);
    const signals: Record<(typeof VARIANTS)[number], Float32Array> = { original: y, 'mp3-128k': mp3, gain: scaled(y, gainDb) };
    for (const variant of VARIANTS) {
      const f = gtzanFeatureVector(signals[variant], SR);
      lines.push([clip.stem, variant, variant === 'gain' ? gainDb.toFixed(4) : '0', ...Array.from(f, (v) => String(v))].join(','));
    }
    if ((i + 1) % 25 === 0 || i + 1 === train.length) console.log(`[nuisance] ${i + 1}/${train.length} train clips, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const tmp = `${nuisanceCsv}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, nuisanceCsv);
  console.log(`[nuisance] wrote ${lines.length - 1} rows to ${nuisanceCsv}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildTableNuisance(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`buildTableNuisance: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
