/**
 * `genrescope why`: the text line (genre, confidence, where the evidence is in words), --json (the
 * map with its axes, the windows that voted most strongly, the top tags, --genre), silence, a bad
 * file and a bad --genre. Audio is synthetic, written as WAV; 4 s keeps the map to 2 patches.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClassifyJson } from '../../src/cli/classify.ts';
import { main } from '../../src/cli/main.ts';
import type { WhyJson } from '../../src/cli/why.ts';
import { GENRES } from '../../src/model/metadata.ts';
import { song } from '../support/signals.ts';
import { captureOutput } from '../support/captureOutput.ts';
import { encodeWav16 } from '../support/wav.ts';

let dir: string;
let music: string;
let silence: string;
let bad: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrescope-why-'));
  music = join(dir, 'music.wav');
  writeFileSync(music, encodeWav16(song(4)));
  silence = join(dir, 'silence.wav');
  writeFileSync(silence, encodeWav16(new Float32Array(3 * 22050)));
  bad = join(dir, 'not-audio.mp3');
  writeFileSync(bad, 'this is not audio');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('genrescope why', () => {
  it('text: the genre, its confidence and where its evidence is; "no music detected" for silence; a bad file errs on one line', async () => {
    const io = captureOutput();
    expect(await main(['why', '--jobs', '1', music, silence, bad])).toBe(1);
    vi.restoreAllMocks();
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^genrescope: cannot decode .*not-audio\.mp3: .+\n$/);
    const lines = io.out.join('').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${escape(music)}\\t(${GENRES.join('|')}) \\d+\\.\\d%: (strongest evidence 0:0\\d-0:0\\d, \\d+-\\d+ Hz|no region lowers its probability when hidden)$`));
    expect(lines[1]).toBe(`${silence}\tno music detected: silence`);
  });

  it('--json --genre: the map of that genre with its axes, the strongest windows and tags, the final answer\'s probability', async () => {
    const io = captureOutput();
    expect(await main(['why', '--json', '--genre', 'jazz', '--jobs', '1', music, silence])).toBe(0);
    expect(await main(['classify', '--json', music])).toBe(0);
    vi.restoreAllMocks();
    const [whyOut, classifyOut] = io.out.join('').split(/\n(?=\[)/);
    const [w, s] = JSON.parse(whyOut) as WhyJson[];
    expect(s).toMatchObject({ file: silence, genre: null, map: null, noMusic: true, topWindows: [], topTags: [] });
    const [c] = JSON.parse(classifyOut) as ClassifyJson[];
    expect(w).toMatchObject({ file: music, genre: 'jazz', predicted: c.genre, probability: c.probabilities.jazz, noMusic: false });
    const m = w.map!;
    // 4 s = 251 frames of 16 ms: patches at 0 and 64 (the tail), 2 time cells and 4 bands each, 9 passes a patch
    expect(m.patches).toEqual({ total: 2, occluded: 2 });
    expect(m.passes).toBe(18);
    expect(m.times.map((t) => t.start)).toEqual([0, 1.504, 1.024, 2.528]);
    expect(m.times.at(-1)!.end).toBe(4.016);
    expect(m.bandEdgesHz).toEqual([0, 761.9, 1688.9, 3646.4, 8000]);
    expect(m.evidence).toHaveLength(4);
    for (const row of m.evidence) expect(row).toHaveLength(4);
    if (w.strongest) {
      const best = Math.max(...m.evidence.flat());
      expect(w.strongest.evidence).toBeGreaterThanOrEqual(best - 1e-5);
      expect(w.evidenceText).toMatch(/^jazz: strongest evidence /);
    }
    // the windows that voted most: the timeline's, by their probability of jazz
    const byJazz = c.timeline.map((t) => t.probabilities.jazz).sort((a, b) => b - a);
    expect(w.topWindows.map((t) => t.probability)).toEqual(byJazz.slice(0, 3));
    expect(w.topTags).toHaveLength(5);
    expect(w.topTags[0].probability).toBe(Math.max(...Object.values(c.tags!.msd)));
  });

  it('takes only one of the ten genres: anything else is a usage error (exit 2), on one line', async () => {
    const io = captureOutput();
    expect(await main(['why', '--genre', 'funk', music])).toBe(2);
    vi.restoreAllMocks();
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([`genrescope why: --genre must be one of ${GENRES.join(', ')} (see genrescope why --help)\n`]);
  });
});
