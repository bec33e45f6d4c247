/**
 * `genrescope teach`, `classify --custom` and `similar` as a user runs them (bin/genrescope.js
 * as a process), on short synthetic WAVs: two classes (generated songs, white noise) taught from
 * two files each, a new song put in the songs' class, its neighbours found in a folder, the
 * embeddings cached, and the exit statuses of bad files and bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyJson } from '../../src/cli/classify.ts';
import type { SimilarJson } from '../../src/cli/similar.ts';
import { song, whiteNoise } from '../support/signals.ts';
import { writeWav } from '../support/wav.ts';

let dir: string;
let cache: string;
const f = (name: string) => join(dir, name);

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['bin/genrescope.js', ...args], { encoding: 'utf8', env: { ...process.env, GENRESCOPE_CACHE_DIR: cache } });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrescope-teach-'));
  cache = join(dir, 'cache');
  mkdirSync(f('library/more'), { recursive: true });
  writeWav(f('library/song1.wav'), song(4, { seed: 1 }));
  writeWav(f('library/more/song2.wav'), song(4, { seed: 2 }));
  writeWav(f('library/noise1.wav'), whiteNoise(4, { amplitude: 0.3, seed: 1 }));
  writeWav(f('library/noise2.wav'), whiteNoise(4, { amplitude: 0.3, seed: 2 }));
  writeFileSync(f('library/notes.txt'), 'not audio, and not named as audio: skipped');
  writeWav(f('query.wav'), song(4, { seed: 3 }));
  writeWav(f('noise3.wav'), whiteNoise(4, { amplitude: 0.3, seed: 3 }));
});

describe('teach, classify --custom, similar', () => {
  it('teach writes a model with the classes and their leave-one-out accuracy', () => {
    const r = cli('teach', '--jobs', '1', '--class', `songs=${f('library/song1.wav')},${f('library/more/song2.wav')}`, '--class', `noise=${f('library/noise1.wav')},${f('library/noise2.wav')}`, '--out', f('model.json'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^songs\t2 examples\tleave-one-out \d+%\nnoise\t2 examples\tleave-one-out \d+%\nwrote /);
    const model = JSON.parse(readFileSync(f('model.json'), 'utf8')) as { format: string; classes: string[]; embedding: { model: string; size: number }; examples: { name: string }[] };
    expect(model).toMatchObject({ format: 'genrescope-custom', classes: ['songs', 'noise'], embedding: { model: 'MSD_musicnn', size: 200 } });
    expect(model.examples.map((e) => e.name)).toEqual(['song1.wav', 'song2.wav', 'noise1.wav', 'noise2.wav']);
    // every example heard once, stored by content
    expect(readdirSync(join(cache, 'embeddings', readdirSync(join(cache, 'embeddings'))[0]))).toHaveLength(4);
  });

  it('classify --custom adds the class: the new song is a song; noise is no music and gets no class', () => {
    const r = cli('classify', '--jobs', '1', '--custom', f('model.json'), '--json', f('query.wav'), f('noise3.wav'));
    expect(r.status).toBe(0);
    const [songResult, noiseResult] = JSON.parse(r.stdout) as ClassifyJson[];
    expect(songResult.custom?.class).toBe('songs');
    expect(songResult.custom!.probabilities.songs + songResult.custom!.probabilities.noise).toBeCloseTo(1, 3);
    expect(noiseResult.noMusic).toBe(true);
    expect(noiseResult.custom).toBeNull();
    const text = cli('classify', '--jobs', '1', '--custom', f('model.json'), f('query.wav'));
    expect(text.stdout).toMatch(/query\.wav\t\w+\t[\d.]+%\tsongs\t[\d.]+%/);
  });

  it('similar ranks a folder (walked for audio files) best first, the songs above the noise', () => {
    const r = cli('similar', '--jobs', '1', '--to', f('query.wav'), '--top', '3', '--json', f('library'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as SimilarJson;
    expect(out.query).toBe(f('query.wav'));
    expect(out.neighbours).toHaveLength(3);
    expect(out.neighbours.slice(0, 2).map((n) => n.file).sort()).toEqual([f('library/more/song2.wav'), f('library/song1.wav')]);
    const s = out.neighbours.map((n) => n.similarity);
    expect([...s].sort((a, b) => b - a)).toEqual(s);
    // classify --custom reads no cache; similar heard the query and stored it beside the four examples
    expect(readdirSync(join(cache, 'embeddings', readdirSync(join(cache, 'embeddings'))[0]))).toHaveLength(5);
    const text = cli('similar', '--to', f('query.wav'), '--top', '1', f('library'));
    expect(text.stdout).toMatch(/^.*song[12]\.wav\t0\.\d{4}\n$/);
  });

  it('a file that fails: one line, the others still ranked, exit 1', () => {
    writeFileSync(f('library/broken.wav'), 'this is not audio');
    const r = cli('similar', '--jobs', '1', '--to', f('query.wav'), '--json', f('library'), f('missing.mp3'));
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^genrescope: cannot (decode|analyse) .*broken\.wav: /);
    expect(lines[1]).toBe(`genrescope: cannot read ${f('missing.mp3')}: no such file`);
    expect((JSON.parse(r.stdout) as SimilarJson).neighbours).toHaveLength(4);
  });

  it('usage errors exit 2 with one line; a damaged model file is named', () => {
    const one = cli('teach', '--class', `a=${f('query.wav')}`, '--out', f('x.json'));
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/teach needs at least two classes/);
    expect(cli('teach', '--class', 'a', '--class', `b=${f('query.wav')}`, '--out', f('x.json')).stderr).toMatch(/--class needs NAME=FILE,FILE,\.\.\., got 'a'/);
    expect(cli('teach', '--class', `a=${f('query.wav')}`, '--class', `b=${f('noise3.wav')}`).stderr).toMatch(/--out <model\.json> is needed/);
    expect(existsSync(f('x.json'))).toBe(false);
    expect(cli('similar', f('library')).status).toBe(2);
    expect(cli('similar', '--to', f('query.wav'), '--top', '0', f('library')).status).toBe(2);
    writeFileSync(f('bad-model.json'), JSON.stringify({ format: 'genrescope-custom', version: 1, embedding: { model: 'MSD_musicnn', size: 200, pooling: 'mean-penultimate-nonsilent-patches' }, classes: ['a', 'b'] }));
    const bad = cli('classify', '--custom', f('bad-model.json'), f('query.wav'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`genrescope classify: ${f('bad-model.json')} is not a custom model: custom model.head must be an object (see genrescope classify --help)\n`);
    for (const c of ['teach', 'similar']) expect(cli(c, '--help').stdout).toMatch(new RegExp(`^usage: genrescope ${c} `));
  });
});
