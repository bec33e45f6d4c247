import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GTZAN_FEATURE_NAMES } from '../../src/dsp/gtzan/columns.ts';
import { clickTrack, progression, sum } from '../support/signals.ts';
import { writeWav } from '../support/wav.ts';
import { audioPath, dataDir, describeWithData } from '../support/sharedData.ts';
import type { FeaturesJson } from '../../src/cli/features.ts';

function genrescope(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/genrescope.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'genrescope-cli-'));
const song = join(dir, 'song.wav');
const notAudio = join(dir, 'notes.txt');

beforeAll(() => {
  // I-IV-V-I in C over a 120 BPM click
  writeWav(song, sum(clickTrack(120, 8).y, progression([[60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67]], 2)));
  writeFileSync(notAudio, 'not audio at all');
});

describe('genrescope features', () => {
  it('prints the GTZAN table header and one row per file', () => {
    const { code, stdout } = genrescope('features', song);
    expect(code).toBe(0);
    const [header, row, ...rest] = stdout.trim().split('\n');
    const table = readFileSyncHeader();
    expect(header.split(',')).toEqual(['filename', 'length', ...GTZAN_FEATURE_NAMES]);
    if (table) expect(header.split(',')).toEqual(table.slice(0, 59));
    const cells = row.split(',');
    expect(cells[0]).toBe('song.wav');
    expect(Number(cells[1])).toBe(8 * 22050);
    expect(cells.slice(2).map(Number).every(Number.isFinite)).toBe(true);
    expect(rest).toEqual([]);
  });

  it('prints JSON with features, tempo, beats and key', () => {
    const { code, stdout } = genrescope('features', '--format', 'json', song);
    expect(code).toBe(0);
    const [out] = JSON.parse(stdout) as FeaturesJson[];
    expect(out.file).toBe(song);
    expect(out.durationSec).toBeCloseTo(8, 6);
    expect(Object.keys(out.features)).toEqual([...GTZAN_FEATURE_NAMES]);
    expect(Math.abs(out.tempo - 120)).toBeLessThan(4);
    expect(out.beatTimes.length).toBeGreaterThan(8);
    expect(out.key).toMatchObject({ tonic: 'C', mode: 'major' });
  });

  it('reports a non-audio or missing file in one line on stderr, exits non-zero, and still does the others', () => {
    const { code, stdout, stderr } = genrescope('features', notAudio, join(dir, 'missing.mp3'), song);
    expect(code).toBe(1);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^genrescope: cannot decode .*notes\.txt: not a recognised audio file/);
    expect(errors[1]).toBe(`genrescope: cannot read ${join(dir, 'missing.mp3')}: no such file`);
    expect(stdout.trim().split('\n')).toHaveLength(2);
  });
});

function readFileSyncHeader(): string[] | null {
  try {
    return readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').split('\n')[0].split(',');
  } catch {
    return null;
  }
}

describeWithData('genrescope features on a parity clip', () => {
  it('prints the table row of blues.00000 (relative 1e-4, tempo exact)', () => {
    const { code, stdout } = genrescope('features', audioPath('blues.00000'));
    expect(code).toBe(0);
    const row = stdout.trim().split('\n')[1].split(',').map(Number);
    const table = readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').split('\n');
    const ref = table.find((l) => l.startsWith('blues.00000.au'))!.split(',').map(Number);
    expect(row[1]).toBe(ref[1]);
    for (let i = 2; i < 59; i++) {
      const name = GTZAN_FEATURE_NAMES[i - 2];
      const tol = name === 'harmony_mean' || name === 'perceptr_mean' ? 1e-7 : name === 'tempo' ? 0 : 1e-4 * Math.abs(ref[i]);
      expect(Math.abs(row[i] - ref[i]), name).toBeLessThanOrEqual(tol);
    }
  });
});
