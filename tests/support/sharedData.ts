/**
 * Where the shared GTZAN material lives (../shared/data beside the repo, or GENRESCOPE_DATA),
 * and the skip helpers that make data-backed tests say clearly why they did not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const dataDir = resolve(process.env.GENRESCOPE_DATA ?? join(repoRoot, '..', 'shared', 'data'));
export const hasSharedData = existsSync(join(dataDir, 'gtzan', 'manifest.csv'));

const skipNote = `shared data not found at ${dataDir} (set GENRESCOPE_DATA or place ../shared/data beside the repo)`;

/** describe() that runs only with the shared data, and says so in its name when it cannot. */
export function describeWithData(name: string, body: () => void): void {
  if (hasSharedData) describe(name, body);
  else describe.skip(`${name} [skipped: ${skipNote}]`, body);
}

export interface ManifestRow {
  file: string;
  stem: string;
  genre: string;
  split: 'train' | 'valid';
  /** 'flac' or 'vorbis-q6' */
  format: string;
  parity: boolean;
  samples: number;
}

export function readManifest(): ManifestRow[] {
  const lines = readFileSync(join(dataDir, 'gtzan', 'manifest.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const get = (k: string) => cells[head.indexOf(k)];
    return {
      file: join(dataDir, 'gtzan', get('file')),
      stem: get('stem'),
      genre: get('genre'),
      split: get('split') as 'train' | 'valid',
      format: get('format'),
      parity: get('parity') === 'yes',
      samples: Number(get('samples')),
    };
  });
}

/** A whole-clip or 200-frame reference feature from librosa-ref/<stem>.json. */
export interface RefFeature {
  shape_full: number[];
  /** rows x 200 frames for 2-D features, 200 values for onset envelopes */
  frames: number[][] | number[];
  mean_all: number;
  var_all: number;
  max_all: number;
  min_all: number;
  mean_per_row?: number[];
  var_per_row?: number[];
}

export interface LibrosaRef {
  stem: string;
  n_samples: number;
  n_frames_total: number;
  n_frames_dumped: number;
  chroma_tuning: number;
  tempo_bpm: number;
  beat_frames: number[];
  beat_times_s: number[];
  features: Record<string, RefFeature>;
}

export const REF_STEMS = ['blues.00000', 'classical.00000', 'metal.00000', 'jazz.00001', 'hiphop.00002'] as const;

export function readLibrosaRef(stem: string): LibrosaRef {
  return JSON.parse(readFileSync(join(dataDir, 'librosa-ref', `${stem}.json`), 'utf8')) as LibrosaRef;
}

/** Path of a stem's audio in the shared data. */
export function audioPath(stem: string): string {
  const row = readManifest().find((r) => r.stem === stem);
  if (!row) throw new Error(`stem ${stem} not in manifest`);
  return row.file;
}

/** musicnn's reference inputs and outputs (../shared/models/musicnn/reference). */
export const musicnnRefDir = resolve(process.env.GENRESCOPE_MUSICNN_REF ?? join(repoRoot, '..', 'shared', 'models', 'musicnn', 'reference'));
export const hasMusicnnRef = existsSync(join(musicnnRefDir, 'manifest.json'));

/** describe() that runs only with the musicnn reference files, and says so in its name when it cannot. */
export function describeWithMusicnnRef(name: string, body: () => void): void {
  if (hasMusicnnRef) describe(name, body);
  else describe.skip(`${name} [skipped: musicnn reference not found at ${musicnnRefDir} (set GENRESCOPE_MUSICNN_REF)]`, body);
}

/** A float32 little-endian file of the musicnn reference. */
export function readMusicnnRef(file: string): Float32Array {
  const b = readFileSync(join(musicnnRefDir, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
