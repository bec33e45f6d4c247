/**
 * The "why this genre" slice: a map asked for a track runs through the GenreExplainer port with
 * the track's audio and its answer's genre, reports progress, and is kept when it arrives; a new
 * request replaces a running one, cancel forgets it, failures and missing audio are said in
 * words; the overlay toggle; the strongest windows and the answer's genre from a result.
 */
import { describe, expect, it } from 'vitest';
import type { OcclusionMap } from '../../../src/model/explain/occlusion.ts';
import { JobCancelled, UserFacingError } from '../../../src/app/state/ports.ts';
import { answerGenre, whyWindows, type GenreExplainer } from '../../../src/app/state/slices/why.ts';
import type { Genre, GenreResult } from '../../../src/app/state/types.ts';
import { file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

interface Call {
  audio: { url: string; name: string };
  genre: Genre;
  progress(f: number): void;
  resolve(m: OcclusionMap): void;
  reject(e: unknown): void;
  cancelled: boolean;
}

function fakeExplainer(): GenreExplainer & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    explain(audio, g, progress) {
      let call!: Call;
      const done = new Promise<OcclusionMap>((resolve, reject) => {
        call = { audio, genre: g, progress, resolve, reject, cancelled: false };
      });
      calls.push(call);
      return {
        done,
        cancel: () => {
          call.cancelled = true;
          call.reject(new JobCancelled('cancelled'));
        },
      };
    },
  };
}

const mapOf = (g: Genre): OcclusionMap => ({
  genre: g,
  grid: { timeCells: 2, bands: 4, maxPatches: 12 },
  bandEdgesHz: [0, 762, 1689, 3646, 8000],
  times: [{ startSec: 0, endSec: 1.5, patch: 0 }],
  evidence: [[0.1, 0, 0, 0]],
  patches: { total: 1, occluded: [0] },
  passes: 9,
});

/** A store with one analysed track whose answer is jazz (index 5). */
async function analysed(explainer: GenreExplainer | null) {
  const h = harness({ explainer });
  h.s().addFiles([file('a.wav')]);
  for (let i = 0; i < 20 && h.engine.jobs.length === 0; i++) await flush();
  h.engine.jobs[0].finish(genre(5));
  await flush();
  return { ...h, id: h.named('a.wav').id };
}

describe('why slice', () => {
  it("maps the answer's genre from the track's audio, with progress, and keeps the map", async () => {
    const explainer = fakeExplainer();
    const { s, id } = await analysed(explainer);
    expect(s().why[id]).toBeUndefined();
    s().explainGenre(id);
    expect(explainer.calls).toHaveLength(1);
    const [call] = explainer.calls;
    expect(call.audio).toEqual({ url: 'blob:file', name: 'a.wav' });
    expect(call.genre).toBe('jazz');
    expect(s().why[id]).toEqual({ status: 'running', genre: 'jazz', fraction: 0 });
    call.progress(0.25);
    expect(s().why[id]).toEqual({ status: 'running', genre: 'jazz', fraction: 0.25 });
    call.resolve(mapOf('jazz'));
    await flush();
    expect(s().why[id]).toEqual({ status: 'ready', genre: 'jazz', map: mapOf('jazz') });
  });

  it('a new request replaces the running one, whose late news is ignored; cancel forgets it', async () => {
    const explainer = fakeExplainer();
    const { s, id } = await analysed(explainer);
    s().explainGenre(id);
    s().explainGenre(id, 'rock');
    const [first, second] = explainer.calls;
    expect(first.cancelled).toBe(true);
    first.progress(0.9);
    await flush();
    expect(s().why[id]).toEqual({ status: 'running', genre: 'rock', fraction: 0 });
    s().cancelExplain(id);
    expect(second.cancelled).toBe(true);
    await flush();
    expect(s().why[id]).toBeUndefined();
    // a finished map stays when cancel comes too late
    s().explainGenre(id, 'pop');
    explainer.calls[2].resolve(mapOf('pop'));
    await flush();
    s().cancelExplain(id);
    expect(s().why[id]).toMatchObject({ status: 'ready', genre: 'pop' });
  });

  it('says in words why there is no map: a failure, no explainer, no audio kept', async () => {
    const explainer = fakeExplainer();
    const { s, id, store } = await analysed(explainer);
    s().explainGenre(id);
    explainer.calls[0].reject(new Error('out of memory'));
    await flush();
    expect(s().why[id]).toEqual({ status: 'failed', genre: 'jazz', message: 'The map could not be computed: out of memory' });
    s().explainGenre(id);
    explainer.calls[1].reject(new UserFacingError('The analysis engine crashed (test); drop the file again to retry.'));
    await flush();
    expect(s().why[id]).toMatchObject({ message: 'The analysis engine crashed (test); drop the file again to retry.' });

    store.setState((st) => ({ tracks: st.tracks.map((t) => ({ ...t, audioUrl: null })) }));
    s().explainGenre(id);
    expect(explainer.calls).toHaveLength(2);
    expect(s().why[id]).toMatchObject({ status: 'failed', message: expect.stringMatching(/not kept: add the file again/) });

    const bare = await analysed(null);
    bare.s().explainGenre(bare.id);
    expect(bare.s().why[bare.id]).toEqual({ status: 'failed', genre: 'jazz', message: 'Why this genre is not available here.' });
    bare.s().explainGenre('no-such-track');
    expect(Object.keys(bare.s().why)).toEqual([bare.id]);
  });

  it('toggles the overlay, shown at first', async () => {
    const { s } = await analysed(fakeExplainer());
    expect(s().whyOverlay).toBe(true);
    s().setWhyOverlay(false);
    expect(s().whyOverlay).toBe(false);
  });
});

describe("a result's answer and its strongest windows", () => {
  const p = (top: number, q: number) => Array.from({ length: 10 }, (_, i) => (i === top ? q : (1 - q) / 9));
  const result: GenreResult = {
    status: 'ok',
    probabilities: p(5, 0.6),
    models: {},
    timeline: [
      { start: 0, end: 3, probabilities: p(5, 0.5) },
      { start: 3, end: 6, probabilities: p(5, 0.95), noMusic: true },
      { start: 6, end: 9, probabilities: p(5, 0.8) },
      { start: 9, end: 12, probabilities: p(9, 0.7) },
    ],
    shortClip: false,
    backend: 'wasm',
  };

  it('reads the genre from the top probability, none where no music was heard', () => {
    expect(answerGenre(result)).toBe('jazz');
    expect(answerGenre({ ...result, status: 'no-music' })).toBeNull();
  });

  it('ranks the windows by their probability of the genre, leaving out windows that are not music', () => {
    expect(whyWindows(result, 'jazz', 2)).toEqual([{ startSec: 6, endSec: 9, p: 0.8 }, { startSec: 0, endSec: 3, p: 0.5 }]);
    expect(whyWindows(result, 'rock', 1)).toEqual([{ startSec: 9, endSec: 12, p: 0.7 }]);
  });
});
