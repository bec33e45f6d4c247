/**
 * `genrescope classify` and `genrescope tags`: text and --json output shapes, and a bad file among
 * good ones (one-line error on stderr, exit 1, the good files still processed). Audio is
 * synthetic, written as WAV.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClassifyJson } from '../../src/cli/classify.ts';
import { main } from '../../src/cli/main.ts';
import type { TagsJson } from '../../src/cli/tags.ts';
import { GENRES } from '../../src/model/metadata.ts';
import { song, whiteNoise } from '../support/signals.ts';
import { captureOutput } from '../support/captureOutput.ts';
import { encodeWav16 } from '../support/wav.ts';

let dir: string;
let music: string;
let silence: string;
let bad: string;
let noise: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrescope-classify-'));
  music = join(dir, 'music.wav');
  writeFileSync(music, encodeWav16(song(6)));
  silence = join(dir, 'silence.wav');
  writeFileSync(silence, encodeWav16(new Float32Array(4 * 22050)));
  noise = join(dir, 'noise.wav');
  writeFileSync(noise, encodeWav16(whiteNoise(6, { amplitude: 0.3 })));
  bad = join(dir, 'not-audio.mp3');
  writeFileSync(bad, 'this is not audio');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('genrescope tags', () => {
  it('prints the top tags per file, best first; --json all 50 with the taggram; a bad file errs on one line', async () => {
    const io = captureOutput();
    expect(await main(['tags', '--top', '3', music])).toBe(0);
    expect(await main(['tags', '--json', music, bad])).toBe(1);
    vi.restoreAllMocks();
    const [line, ...rest] = io.out.join('').split('\n');
    const m = /^(.*)\t(.+)$/.exec(line)!;
    expect(m[1]).toBe(music);
    const top = m[2].split(', ').map((x) => Number(x.split(' ').pop()));
    expect(top).toHaveLength(3);
    expect([...top].sort((a, b) => b - a)).toEqual(top);
    const rows = JSON.parse(rest.join('\n')) as TagsJson[];
    expect(rows.map((r) => r.file)).toEqual([music]);
    const { tags, taggram } = rows[0];
    expect(Object.keys(tags!.msd)).toHaveLength(50);
    expect(taggram!.values).toHaveLength(taggram!.start.length);
    expect(taggram!.values[0]).toHaveLength(50);
    expect(Math.max(...Object.values(tags!.msd))).toBeCloseTo(top[0], 2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^genrescope: cannot decode .*not-audio\.mp3: not a recognised audio file .+\n$/);
  });

  it('says "no music detected" for silence, as classify does, with no tags in JSON', async () => {
    const io = captureOutput();
    expect(await main(['tags', silence])).toBe(0);
    expect(await main(['tags', '--json', '--jobs', '1', silence])).toBe(0);
    vi.restoreAllMocks();
    const [line, ...rest] = io.out.join('').split('\n');
    expect(line).toBe(`${silence}\tno music detected`);
    expect(JSON.parse(rest.join('\n'))).toEqual([{ file: silence, tags: null, taggram: null, warnings: [] }]);
  });
});

describe('genrescope classify', () => {
  it('--json: one object per good file with ensemble, per-model and timeline probabilities; a bad file errs on one line', async () => {
    const io = captureOutput();
    const code = await main(['classify', '--json', music, bad, silence]);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^genrescope: cannot decode .*not-audio\.mp3: not a recognised audio file .+\n$/);
    const rows = JSON.parse(io.out.join('')) as ClassifyJson[];
    expect(rows.map((r) => r.file)).toEqual([music, silence]);
    const [m, s] = rows;
    expect(GENRES).toContain(m.genre);
    expect(m.confidence).toBe(m.probabilities[m.genre as (typeof GENRES)[number]]);
    const total = (p: Record<string, number>) => Object.values(p).reduce((x, y) => x + y, 0);
    expect(total(m.probabilities)).toBeCloseTo(1, 3);
    expect(total(m.models.cnn)).toBeCloseTo(1, 3);
    expect(m.models.table).not.toBeNull();
    expect(total(m.models.table as Record<string, number>)).toBeCloseTo(1, 3);
    expect(m.timeline.length).toBeGreaterThanOrEqual(2);
    expect(m.timeline[0].start).toBe(0);
    expect(m.timeline[m.timeline.length - 1].end).toBeCloseTo(6, 1);
    expect(s.genre).toBeNull();
    expect(s.noMusic).toBe(true);
    // the final stage: musicnn's head among the models, its 50 MSD tags over the track
    expect(total(m.models.head as Record<string, number>)).toBeCloseTo(1, 3);
    expect(m.weights.head + m.weights.cnn + m.weights.table).toBeCloseTo(1, 3);
    expect(Object.keys(m.tags!.msd)).toHaveLength(50);
    for (const p of Object.values(m.tags!.msd)) expect(p >= 0 && p <= 1).toBe(true);
    expect(s.tags).toBeNull();
  });

  it('white noise: no genre, noMusic with its reason, and the verdict in words; music gets a verdict naming its genre', async () => {
    const io = captureOutput();
    expect(await main(['classify', '--json', noise, music])).toBe(0);
    vi.restoreAllMocks();
    const [n, m] = JSON.parse(io.out.join('')) as ClassifyJson[];
    expect(n).toMatchObject({ genre: null, noMusic: true, noMusicReason: expect.any(String), segments: [] });
    expect(n.verdict).toBe(`This does not sound like music: ${n.noMusicReason}`);
    expect(n.timeline.every((w) => w.noMusic)).toBe(true);
    expect(m.noMusic).toBe(false);
    expect(m.verdict.toLowerCase()).toContain(m.genre);
    expect(m.segments).toEqual([{ genre: m.segments[0].genre, start: 0, end: expect.closeTo(6, 1) }]);
  });

  it('text: one line per file with genre and confidence, "no music detected" for silence', async () => {
    const io = captureOutput();
    const code = await main(['classify', music, silence]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const lines = io.out.join('').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${music.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\t(${GENRES.join('|')})\\t\\d+\\.\\d%`));
    expect(lines[1]).toMatch(/\tno music detected: silence$/);
  });

  it('gives the same answers on worker threads (several files) as in one thread (--jobs 1)', async () => {
    const io = captureOutput();
    expect(await main(['classify', '--json', music, silence])).toBe(0);
    const threads = io.out.splice(0).join('');
    expect(await main(['classify', '--json', '--jobs', '1', music, silence])).toBe(0);
    vi.restoreAllMocks();
    expect(JSON.parse(io.out.join(''))).toEqual(JSON.parse(threads));
    expect(await main(['classify', '--jobs', '0', music])).toBe(2);
  });

  it('exits 2 without files or with an unknown option', async () => {
    const io = captureOutput();
    expect(await main(['classify'])).toBe(2);
    expect(await main(['classify', '--bogus', music])).toBe(2);
    vi.restoreAllMocks();
    expect(io.err.join('')).toMatch(/no audio files/);
  });
});
