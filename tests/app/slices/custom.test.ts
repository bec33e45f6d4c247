/**
 * The custom classes slice: classes made and filled from analysed tracks, trained in the
 * (fake) worker after each change, a newer training superseding an older one; guidance while a
 * class has too few tracks; every track with an embedding gets its class; the export is a file the
 * CLI reads (its own parser and readCustomModel) and a file made by the CLI's code imports;
 * bad files change nothing; kept across reloads without training again. And the history map's
 * data: which tracks it places, its groups by genre or by class.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCustomModel } from '../../../src/cli/classify.ts';
import { embeddingId, type EmbeddingId } from '../../../src/model/custom/embeddingId.ts';
import { buildCustomModel, checkEmbedding, customModelJson, parseCustomModel, predictCustom, type CustomExample, type CustomModelFile } from '../../../src/model/custom/modelFile.ts';
import { projectPca } from '../../../src/model/custom/projection.ts';
import { parseMusicnnMetadata } from '../../../src/model/musicnn/metadata.ts';
import { classGuidance, customPrediction, teachGuidance, type SavedCustomClasses } from '../../../src/app/state/customClasses.ts';
import { colourMap, mappableTracks, NO_CLASS, placeTracks } from '../../../src/app/state/historyMap.ts';
import { EXPORT_NAME, type CustomClassesRepository, type CustomTrainer } from '../../../src/app/state/slices/custom.ts';
import type { AppDeps } from '../../../src/app/state/store.ts';
import type { GenreResult } from '../../../src/app/state/types.ts';
import { clusters } from '../../support/embeddings.ts';
import { decoded, file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

const ID: EmbeddingId = embeddingId(parseMusicnnMetadata(JSON.parse(readFileSync('public/models/musicnn/msd/metadata.json', 'utf8'))));

/** Trains with the real buildCustomModel, as the worker does; `hold` keeps answers back until released. */
class FakeTrainer implements CustomTrainer {
  calls: string[][] = [];
  held: (() => void)[] = [];
  hold = false;
  constructor(private readonly id: EmbeddingId = ID) {}
  async embeddingId() {
    return this.id;
  }
  projected = 0;
  async project(vectors: number[][]) {
    this.projected++;
    return projectPca(vectors);
  }
  train(embedding: EmbeddingId, classes: string[], examples: CustomExample[]) {
    this.calls.push(classes);
    const answer = () => ({ file: buildCustomModel(embedding, classes, examples).file, trainMs: 12 });
    if (!this.hold) return Promise.resolve(answer());
    return new Promise<{ file: CustomModelFile; trainMs: number }>((resolve) => this.held.push(() => resolve(answer())));
  }
}

class MemoryCustomClasses implements CustomClassesRepository {
  saved: SavedCustomClasses | null = null;
  fails = false;
  async load() {
    if (this.fails) throw new Error('blocked');
    return this.saved && structuredClone(this.saved);
  }
  async save(s: SavedCustomClasses) {
    if (this.fails) throw new Error('quota');
    this.saved = structuredClone(s);
  }
}

// Three clusters of musicnn-like embeddings: tracks a0..a3 around one centre, b0..b3 another, c0..c3 a third.
const { examples: drawn } = clusters(3, 4, { seed: 9 });
const EMBEDDINGS: Record<string, number[]> = Object.fromEntries(drawn.map((e, i) => [`${'abc'[e.label]}${i % 4}.wav`, Array.from(e.embedding)]));

const finalGenre = (embedding: number[] | undefined): GenreResult => ({ ...genre(1), stage: 'final', embedding });

/** A store whose tracks `names` are analysed, each with its cluster's embedding. */
async function taught(names: string[], extra: Partial<AppDeps> = {}) {
  const trainer = (extra.customTrainer as FakeTrainer | undefined) ?? new FakeTrainer();
  const repo = (extra.customClasses as MemoryCustomClasses | undefined) ?? new MemoryCustomClasses();
  const h = harness({ customTrainer: trainer, customClasses: repo, ...extra });
  await h.s().loadCustomClasses();
  for (const n of [...names, 'quick.wav']) h.decoder.results[n] = decoded(4);
  h.s().addFiles(names.map((n) => file(n)));
  for (let i = 0; i < names.length; i++) {
    await flush();
    h.engine.jobs[i].finish(finalGenre(EMBEDDINGS[names[i]]));
  }
  await flush();
  const id = (name: string) => h.named(name).id;
  return { ...h, trainer, repo, id, custom: () => h.s().custom };
}

describe('custom classes slice', () => {
  it('makes classes with checked names and guides until two of them have tracks', async () => {
    const { s, custom } = await taught([]);
    expect(teachGuidance(custom().classes)).toMatch(/Make a class/);
    expect(s().addCustomClass('  workout ')).toBe(true);
    expect(s().addCustomClass('workout')).toBe(false);
    expect(custom().message).toEqual({ kind: 'error', text: 'There is already a class "workout".' });
    expect(s().addCustomClass('   ')).toBe(false);
    expect(custom().message?.text).toBe('Give the class a name.');
    expect(s().addCustomClass('late night')).toBe(true);
    expect(custom().message).toBeNull();
    expect(custom().classes.map((c) => c.name)).toEqual(['workout', 'late night']);
    expect(teachGuidance(custom().classes)).toMatch(/at least two classes/);
    expect(classGuidance(custom().classes[0], null)).toMatch(/3 to 5 are enough/);
  });

  it('trains once two classes have tracks, reports leave-one-out, and classifies every track with an embedding', async () => {
    const { s, id, custom, trainer, named } = await taught(['a0.wav', 'a1.wav', 'a2.wav', 'b0.wav', 'b1.wav', 'b2.wav', 'a3.wav', 'b3.wav']);
    s().addCustomClass('A');
    s().addCustomClass('B');
    s().addToCustomClass('A', id('a0.wav'));
    await flush();
    expect(trainer.calls).toEqual([]); // one class with tracks: nothing to tell apart yet
    expect(classGuidance(custom().classes[0], null)).toMatch(/Add at least 2 tracks/);
    s().addToCustomClass('B', id('b0.wav'));
    await flush();
    expect(trainer.calls).toEqual([['A', 'B']]);
    expect(custom().model?.file.leaveOneOut).toEqual({ A: null, B: null });
    for (const n of ['a1.wav', 'a2.wav']) s().addToCustomClass('A', id(n));
    for (const n of ['b1.wav', 'b2.wav']) s().addToCustomClass('B', id(n));
    await flush();
    const { model } = custom();
    expect(model?.file.leaveOneOut).toEqual({ A: 1, B: 1 });
    expect(custom()).toMatchObject({ training: false, trainMs: 12 });
    expect(classGuidance(custom().classes[0], model!.file)).toBe('Leave-one-out: 100 % (3 of 3 recognised when left out)');
    // tracks never taught get their class
    expect(customPrediction(model, named('a3.wav'))?.class).toBe('A');
    expect(customPrediction(model, named('b3.wav'))?.class).toBe('B');
    const p = customPrediction(model, named('b3.wav'))!.probabilities;
    expect(p.A + p.B).toBeCloseTo(1, 9);
  });

  it('moves a track between classes, refuses one without an embedding, and drops the model under two classes', async () => {
    const { s, id, custom, engine, named } = await taught(['a0.wav', 'b0.wav', 'b1.wav']);
    s().addFiles([file('quick.wav')]);
    await flush();
    engine.jobs[3].finish(genre(2)); // no musicnn embedding
    await flush();
    s().addCustomClass('A');
    s().addCustomClass('B');
    s().addToCustomClass('A', id('a0.wav'));
    s().addToCustomClass('B', id('b0.wav'));
    s().addToCustomClass('A', id('b1.wav'));
    s().addToCustomClass('B', id('b1.wav'));
    await flush();
    expect(custom().classes.map((c) => c.examples.map((e) => e.name))).toEqual([['a0.wav'], ['b0.wav', 'b1.wav']]);
    s().addToCustomClass('A', named('quick.wav').id);
    expect(custom().message).toMatchObject({ kind: 'error', text: expect.stringMatching(/^quick\.wav cannot be added yet/) });
    expect(custom().classes[0].examples).toHaveLength(1);
    expect(custom().model?.file.classes).toEqual(['A', 'B']);
    s().removeFromCustomClass('A', 0);
    await flush();
    expect(custom().model).toBeNull();
    s().removeCustomClass('A');
    expect(custom().classes.map((c) => c.name)).toEqual(['B']);
  });

  it('uses only the latest training when changes come faster than the worker', async () => {
    const trainer = new FakeTrainer();
    trainer.hold = true;
    const { s, id, custom } = await taught(['a0.wav', 'a1.wav', 'b0.wav'], { customTrainer: trainer });
    s().addCustomClass('A');
    s().addCustomClass('B');
    s().addToCustomClass('A', id('a0.wav'));
    s().addToCustomClass('B', id('b0.wav'));
    await flush();
    s().addToCustomClass('A', id('a1.wav'));
    await flush();
    expect(trainer.held).toHaveLength(2);
    expect(custom().training).toBe(true);
    trainer.held[1]();
    await flush();
    expect(custom().model?.file.examples).toHaveLength(3);
    trainer.held[0](); // the older answer, for two examples, comes last
    await flush();
    expect(custom().model?.file.examples).toHaveLength(3);
    expect(custom().training).toBe(false);
  });

  it("exports the model file the CLI reads, and a file made by the CLI's code imports and classifies alike", async () => {
    const { s, id, custom, exporter, named } = await taught(['a0.wav', 'a1.wav', 'b0.wav', 'b1.wav', 'c0.wav', 'c1.wav', 'c2.wav']);
    s().addCustomClass('A');
    s().addCustomClass('B');
    for (const n of ['a0.wav', 'a1.wav']) s().addToCustomClass('A', id(n));
    for (const n of ['b0.wav', 'b1.wav']) s().addToCustomClass('B', id(n));
    await flush();
    s().exportCustomModel();
    await flush();
    expect(exporter.saved.map((f) => f.name)).toEqual([EXPORT_NAME]);
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-custom-'));
    writeFileSync(join(dir, EXPORT_NAME), exporter.saved[0].text);
    const read = readCustomModel(join(dir, EXPORT_NAME)); // what classify --custom does
    expect(() => checkEmbedding(read, ID)).not.toThrow();
    expect(read.file).toEqual(custom().model!.file);
    expect(exporter.saved[0].text).toBe(customModelJson(custom().model!.file));

    // genrescope teach's file: another split of the tracks, made by buildCustomModel
    const cli = buildCustomModel(ID, ['A', 'C'], ['a0.wav', 'a1.wav', 'c0.wav', 'c1.wav'].map((n) => ({ class: n[0].toUpperCase(), name: n, embedding: EMBEDDINGS[n] })));
    await s().importCustomModel(Object.assign(new Blob([customModelJson(cli.file)]), { name: 'mine.json' }));
    expect(custom().message).toEqual({ kind: 'info', text: 'Imported mine.json: 2 classes, 4 examples.' });
    expect(custom().classes.map((c) => [c.name, c.examples.length])).toEqual([['A', 2], ['C', 2]]);
    // the file's examples are the list's tracks: linked to them by name and embedding
    expect(custom().classes.flatMap((c) => c.examples.map((e) => e.trackId))).toEqual(['a0.wav', 'a1.wav', 'c0.wav', 'c1.wav'].map(id));
    expect(customPrediction(custom().model, named('c2.wav'))).toEqual(predictCustom(parseCustomModel(JSON.parse(customModelJson(cli.file))), EMBEDDINGS['c2.wav']));
    s().undoCustomImport();
    await flush();
    expect(custom().classes.map((c) => c.name)).toEqual(['A', 'B']);
    expect(custom().model?.file.classes).toEqual(['A', 'B']);
  });

  it('refuses a bad file or one built on another network with a clear message, and changes nothing', async () => {
    const { s, id, custom } = await taught(['a0.wav', 'b0.wav']);
    s().addCustomClass('A');
    s().addCustomClass('B');
    s().addToCustomClass('A', id('a0.wav'));
    s().addToCustomClass('B', id('b0.wav'));
    await flush();
    const before = custom();
    const good = buildCustomModel(ID, ['x', 'y'], [{ class: 'x', name: 'x.wav', embedding: EMBEDDINGS['a0.wav'] }, { class: 'y', name: 'y.wav', embedding: EMBEDDINGS['b0.wav'] }]).file;
    const cases: [string, string, RegExp][] = [
      ['notes.json', 'this is not JSON', /^notes\.json is not a custom model file \(it is not JSON\)\. Your classes are unchanged\.$/],
      ['other.json', JSON.stringify({ format: 'genrescope-musicnn', version: 1 }), /other\.json is not a custom model file \(.*format.*\)/],
      ['cut.json', JSON.stringify({ ...good, head: { ...good.head, bias: [0] } }), /cut\.json is not a custom model file \(custom model\.head\.bias must be 2 finite numbers\)/],
      ['mtt.json', JSON.stringify({ ...good, embedding: { ...good.embedding, model: 'MTT_musicnn' } }), /^mtt\.json cannot be used here: the custom model was built on MTT_musicnn \(200 values\); this is MSD_musicnn \(200\)\. Your classes are unchanged\.$/],
    ];
    for (const [name, text, message] of cases) {
      await s().importCustomModel(Object.assign(new Blob([text]), { name }));
      expect(custom().message?.kind).toBe('error');
      expect(custom().message?.text).toMatch(message);
      expect(custom().classes).toBe(before.classes);
      expect(custom().model).toBe(before.model);
    }
  });

  it('keeps the classes and their model across a reload without training again; trains again a model that does not match', async () => {
    const first = await taught(['a0.wav', 'a1.wav', 'b0.wav', 'b1.wav']);
    first.s().addCustomClass('A');
    first.s().addCustomClass('B');
    for (const n of ['a0.wav', 'a1.wav']) first.s().addToCustomClass('A', first.id(n));
    for (const n of ['b0.wav', 'b1.wav']) first.s().addToCustomClass('B', first.id(n));
    await flush();
    const trainer = new FakeTrainer();
    const again = await taught([], { customClasses: first.repo, customTrainer: trainer });
    expect(again.custom().classes).toEqual(first.custom().classes);
    expect(again.custom().model?.file).toEqual(first.custom().model?.file);
    expect(trainer.calls).toEqual([]);

    first.repo.saved = { ...first.repo.saved!, classes: first.repo.saved!.classes.map((c) => ({ ...c, examples: c.examples.slice(0, 1) })) };
    const stale = await taught([], { customClasses: first.repo, customTrainer: trainer });
    expect(trainer.calls).toEqual([['A', 'B']]);
    expect(stale.custom().model?.file.examples).toHaveLength(2);
  });

  it('says so when storage or the worker fails, and keeps the classes on screen', async () => {
    const repo = new MemoryCustomClasses();
    repo.fails = true;
    const { s, custom } = await taught(['a0.wav'], { customClasses: repo });
    expect(custom()).toMatchObject({ loaded: true, message: { kind: 'info', text: expect.stringMatching(/could not be read/) } });
    s().addCustomClass('A');
    await flush();
    expect(custom().message?.text).toMatch(/could not be saved/);
    expect(custom().classes).toHaveLength(1);

    const none = await taught(['a0.wav', 'b0.wav'], { customTrainer: null });
    none.s().addCustomClass('A');
    none.s().addCustomClass('B');
    none.s().addToCustomClass('A', none.id('a0.wav'));
    none.s().addToCustomClass('B', none.id('b0.wav'));
    await flush();
    expect(none.custom()).toMatchObject({ model: null, message: { kind: 'error', text: expect.stringMatching(/could not start the training worker/) } });
  });
});

describe('history map data', () => {
  it('places the tracks musicnn heard as music (again only when they change), coloured by genre or by class', async () => {
    const { s, id, engine, custom, trainer } = await taught(['a0.wav', 'a1.wav', 'b0.wav', 'b1.wav']);
    s().addFiles([file('quick.wav')]);
    await flush();
    engine.jobs[4].finish(genre(2)); // no embedding: not on the map
    await flush();
    const tracks = mappableTracks(s().tracks);
    expect(tracks.map((t) => t.name)).toEqual(['a0.wav', 'a1.wav', 'b0.wav', 'b1.wav']);
    expect(placeTracks(tracks, custom().map).placed).toEqual([]); // not placed yet
    s().layoutHistoryMap();
    await flush();
    s().layoutHistoryMap(); // nothing changed: not sent again
    await flush();
    expect(trainer.projected).toBe(1);
    expect(custom().map?.ids).toEqual(tracks.map((t) => t.id));
    const layout = placeTracks(tracks, custom().map);
    // the two clusters fall either side of the first axis
    const x = Object.fromEntries(layout.placed.map((p) => [p.track.name, p.x]));
    expect(Math.sign(x['a0.wav'])).toBe(Math.sign(x['a1.wav']));
    expect(Math.sign(x['b0.wav'])).toBe(-Math.sign(x['a0.wav']));
    const byGenre = colourMap(layout, 'genre', null);
    expect(byGenre.groups).toEqual(['classical']); // genre(1)
    expect(colourMap(layout, 'custom', null).groups).toEqual([NO_CLASS]);

    s().addCustomClass('A');
    s().addCustomClass('B');
    s().addToCustomClass('A', id('a0.wav'));
    s().addToCustomClass('B', id('b0.wav'));
    await flush();
    const byClass = colourMap(layout, 'custom', custom().model);
    expect(byClass.groups).toEqual(['A', 'B']);
    expect(byClass.points.map((p) => [p.name, p.group])).toEqual([['a0.wav', 'A'], ['a1.wav', 'A'], ['b0.wav', 'B'], ['b1.wav', 'B']]);
    expect(byClass.points.map((p) => [p.x, p.y])).toEqual(byGenre.points.map((p) => [p.x, p.y])); // colouring moves nothing

    // a track removed from the list leaves the map at once, and the rest are placed again
    s().remove(id('b1.wav'));
    expect(placeTracks(mappableTracks(s().tracks), custom().map).placed.map((p) => p.track.name)).toEqual(['a0.wav', 'a1.wav', 'b0.wav']);
    s().layoutHistoryMap();
    await flush();
    expect(trainer.projected).toBe(2);
    expect(custom().map?.projection.points).toHaveLength(3);
  });

  it('without the worker, places the tracks in place', async () => {
    const { s, custom } = await taught(['a0.wav', 'b0.wav'], { customTrainer: null });
    s().layoutHistoryMap();
    const two = custom().map!.projection.points;
    expect(two[0][0]).toBeCloseTo(-two[1][0], 12);
    expect(two.map((p) => p[1])).toEqual([0, 0]);
  });
});
