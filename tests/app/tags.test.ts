/**
 * musicnn's tags in the app: which tags the panel and the taggram show, how they are named, the
 * probabilities panel's views, and the JSON export's `tags` and `taggram` read back from the file
 * the store saves.
 */
import { describe, expect, it } from 'vitest';
import { tagLabel } from '../../src/app/components/labels.ts';
import { availableViews, describeView, shownView } from '../../src/app/components/modelViews.ts';
import { taggramJson, tagsJson, topTags } from '../../src/app/state/exports.ts';
import { createAppStore } from '../../src/app/state/store.ts';
import type { GenreResult, TagsResult } from '../../src/app/state/types.ts';
import { decoded, FakeDecoder, FakeEngine, FakeExporter, fakeUrls, file, flush, genre } from './fakes.ts';

const NAMES = ['rock', 'pop', 'female vocalists', '00s', 'jazz', 'Hip-Hop', 'Mellow', 'rnb', 'chill', 'dance', 'metal', 'blues', 'punk', 'soul'];

/** Tags whose means are known: 'jazz' first, then 'chill', ..., with a tie between 'pop' and 'soul'. */
function tags(): TagsResult {
  const mean = [0.1, 0.3, 0.05, 0.02, 0.81234567, 0.2, 0.4, 0.01, 0.6, 0.15, 0.03, 0.25, 0.04, 0.3];
  return {
    tagSet: 'msd',
    names: [...NAMES],
    mean,
    patches: [0, 1, 2].map((i) => ({ start: i * 2.992, end: (i + 1) * 2.992, values: mean.map((m, k) => Math.min(1, m + 0.012345 * ((i + k) % 3))) })),
  };
}

function finalGenre(): GenreResult {
  const quick = genre(5); // jazz
  const head = quick.probabilities.map((_, i) => (i === 8 ? 0.64 : 0.04)); // reggae
  return { ...quick, stage: 'final', models: { ...quick.models, head }, tags: tags() };
}

describe('top tags', () => {
  it('ranks by mean probability, most probable first, ties in the tag set’s order, with each tag’s index', () => {
    const top = topTags(tags(), 10);
    expect(top).toHaveLength(10);
    expect(top.map((t) => t.name)).toEqual(['jazz', 'chill', 'Mellow', 'pop', 'soul', 'blues', 'Hip-Hop', 'dance', 'rock', 'female vocalists']);
    expect(top.every((t, i) => i === 0 || top[i - 1].p >= t.p)).toBe(true);
    expect(top[0]).toEqual({ name: 'jazz', index: 4, p: 0.81234567 });
    expect(topTags(tags(), 12)).toHaveLength(12);
    expect(topTags(tags(), 99)).toHaveLength(NAMES.length);
    expect(topTags({ ...tags(), names: [], mean: [] }, 10)).toEqual([]);
  });

  it('names tags the way people read them', () => {
    expect(['rock', 'female vocalists', '00s', '80s', 'Hip-Hop', 'Mellow', 'rnb', 'Progressive rock'].map(tagLabel)).toEqual([
      'Rock',
      'Female vocalists',
      '2000s',
      '1980s',
      'Hip-hop',
      'Mellow',
      'R&B',
      'Progressive rock',
    ]);
  });
});

describe('the probabilities panel’s views', () => {
  it('offers musicnn beside the ensemble, CNN and table once the final answer has its head', () => {
    const quick = genre(5);
    expect(availableViews(null)).toEqual([]);
    expect(availableViews(quick)).toEqual(['ensemble', 'cnn', 'table']);
    expect(availableViews(finalGenre())).toEqual(['ensemble', 'head', 'cnn', 'table']);
    expect(describeView('ensemble', quick)).toBe('Both models combined');
    expect(describeView('ensemble', finalGenre())).toMatch(/^musicnn, the CNN and the feature model combined/);
  });

  it('shows the chosen view where the answer has it, else the ensemble', () => {
    expect(shownView(['ensemble', 'head', 'cnn', 'table'], 'head')).toBe('head');
    expect(shownView(['ensemble', 'cnn', 'table'], 'head')).toBe('ensemble'); // a quick answer: no musicnn yet
    expect(shownView(['ensemble', 'cnn', 'table'], 'cnn')).toBe('cnn');
    expect(shownView(['ensemble', 'cnn'], 'table')).toBe('ensemble');
  });

  it('the store alone holds the choice, musicnn’s included', () => {
    const store = createAppStore({ decoder: new FakeDecoder({}), engine: new FakeEngine(), urls: fakeUrls });
    expect(store.getState().modelView).toBe('ensemble');
    store.getState().setModelView('head');
    expect(store.getState().modelView).toBe('head');
  });
});

describe('the JSON export’s tags', () => {
  it('writes tags keyed by tag set with means rounded to 4 digits, and the taggram one row per patch', () => {
    const t = tags();
    expect(tagsJson(t)).toEqual({ msd: Object.fromEntries(NAMES.map((n, i) => [n, Number(t.mean[i].toFixed(4))])) });
    expect(tagsJson(t).msd.jazz).toBe(0.8123);
    const g = taggramJson(t);
    expect(g.tags).toEqual(NAMES);
    expect(g.start).toEqual([0, 2.992, 5.984]);
    expect(g.end).toEqual([2.992, 5.984, 8.976]);
    expect(g.values).toHaveLength(3);
    expect(g.values.every((row) => row.length === NAMES.length)).toBe(true);
    expect(g.values[1][0]).toBe(Number((0.1 + 0.012345).toFixed(4)));
  });

  it('the file the store saves carries stage, tags, taggram and the head’s view, and keeps the older fields', async () => {
    const exporter = new FakeExporter();
    const engine = new FakeEngine();
    const store = createAppStore({ decoder: new FakeDecoder({ 'a.wav': decoded(30) }), engine, urls: fakeUrls, exporter });
    store.getState().addFiles([file('a.wav')]);
    await flush();
    const job = engine.jobs[0];
    job.handlers.features((await import('./fakes.ts')).fakeAnalysis(30), []);
    job.handlers.genre({ ...genre(5), stage: 'quick' });
    await store.getState().exportResult('json');
    job.handlers.genre(finalGenre());
    job.resolve();
    await flush();
    await store.getState().exportResult('json');
    await flush();
    const [quick, final] = exporter.saved.filter((x) => x.name.endsWith('.json')).map((x) => JSON.parse(x.text) as Record<string, unknown>);

    expect(quick).toMatchObject({ stage: 'quick', tags: null, taggram: null, refineError: null, genre: 'jazz' });
    expect(Object.keys(quick.models as object)).toEqual(['cnn', 'table']);

    expect(final).toMatchObject({ file: 'a.wav', stage: 'final', genre: 'jazz', confidence: 0.55, tempo: 120, refineError: null });
    const tagsOut = final.tags as { msd: Record<string, number> };
    expect(Object.keys(tagsOut)).toEqual(['msd']);
    expect(Object.keys(tagsOut.msd)).toEqual(NAMES);
    expect(tagsOut.msd.jazz).toBe(0.8123);
    const taggram = final.taggram as { tags: string[]; start: number[]; end: number[]; values: number[][] };
    expect(taggram.tags).toEqual(NAMES);
    expect(taggram.values).toHaveLength(taggram.start.length);
    expect(taggram.end).toHaveLength(3);
    const models = final.models as Record<string, Record<string, number>>;
    expect(Object.keys(models)).toEqual(['cnn', 'table', 'head']);
    expect(models.head.reggae).toBe(0.64);
    expect(Object.keys(final.features as object)).toHaveLength(57);
    expect(final.timeline).toHaveLength(1);
  });

  it('says why there are no tags when musicnn could not run, and has none for results from before it', async () => {
    const exporter = new FakeExporter();
    const engine = new FakeEngine();
    const store = createAppStore({ decoder: new FakeDecoder({ 'a.wav': decoded(30) }), engine, urls: fakeUrls, exporter });
    store.getState().addFiles([file('a.wav')]);
    await flush();
    const old = genre(2); // no stage: a result kept from before the two stages
    engine.jobs[0].finish(old);
    await flush();
    await store.getState().exportResult('json');
    await flush();
    expect(JSON.parse(exporter.saved[0].text)).toMatchObject({ stage: 'final', tags: null, taggram: null, refineError: null });

    const failed: GenreResult = { ...genre(2), stage: 'final', refineError: 'musicnn-head/model.json: 404' };
    store.getState().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[1].finish(failed);
    await flush();
    await store.getState().exportResult('json', store.getState().tracks[1].id);
    await flush();
    expect(JSON.parse(exporter.saved[1].text)).toMatchObject({ stage: 'final', tags: null, refineError: 'musicnn-head/model.json: 404' });
  });
});
