/**
 * Where the training tools find the shared GTZAN material (never copied into the repo): the
 * `--data <dir>` argument, else GENRESCOPE_DATA, else ../shared/data beside the checkout.
 * Fails with a message that says what is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(repoRoot, 'training', '.cache');
export const modelsDir = join(repoRoot, 'public', 'models');

/** The value after `--name` (or `--name=value`), and the arguments without it. */
export function takeOption(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `--${name}`) value = args[++i];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
    else rest.push(a);
  }
  return { value, rest };
}

export function resolveDataDir(args: string[]): string {
  const { value } = takeOption(args, 'data');
  const dir = resolve(value ?? process.env.GENRESCOPE_DATA ?? join(repoRoot, '..', 'shared', 'data'));
  const manifest = join(dir, 'gtzan', 'manifest.csv');
  if (!existsSync(manifest)) {
    throw new Error(
      `GTZAN data not found: ${manifest} is missing. Pass --data <dir> (the folder holding gtzan/) or set GENRESCOPE_DATA; ` +
        'the data lives beside the project (../shared/data) and is never part of the repository.',
    );
  }
  return dir;
}

export interface Clip {
  stem: string;
  genre: string;
  split: 'train' | 'valid';
  file: string;
  format: string;
}

/** Clips with audio, from manifest.csv, checked against the split files (no stem on both sides). */
export function readClips(dataDir: string): Clip[] {
  const lines = readFileSync(join(dataDir, 'gtzan', 'manifest.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (k: string) => {
    const i = head.indexOf(k);
    if (i < 0) throw new Error(`manifest.csv has no column ${k}`);
    return i;
  };
  const [iFile, iStem, iGenre, iFormat] = [col('file'), col('stem'), col('genre'), col('format')];
  const splits = readSplits(dataDir);
  return lines.slice(1).map((line) => {
    const c = line.split(',');
    const stem = c[iStem];
    const split = splits.train.has(stem) ? 'train' : splits.valid.has(stem) ? 'valid' : null;
    if (!split) throw new Error(`manifest stem ${stem} is in neither splits/train.txt nor splits/valid.txt`);
    return { stem, genre: c[iGenre], split, file: join(dataDir, 'gtzan', c[iFile]), format: c[iFormat] };
  });
}

export function readSplits(dataDir: string): { train: Set<string>; valid: Set<string> } {
  const read = (name: string) =>
    new Set(
      readFileSync(join(dataDir, 'gtzan', 'splits', `${name}.txt`), 'utf8')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const train = read('train');
  const valid = read('valid');
  for (const s of train) if (valid.has(s)) throw new Error(`stem ${s} is in both train and valid splits`);
  return { train, valid };
}
