/**
 * The history slice: what is kept and how it reads after a reload (a new store on the same
 * storage): interrupted analyses, outcomes, dates and durations; unreadable, full or no storage.
 */
import { describe, expect, it } from 'vitest';
import { INTERRUPTED_BY_RELOAD } from '../../../src/app/state/slices/history.ts';
import { file, flush, genre, MemoryHistory } from '../fakes.ts';
import { harness } from './harness.ts';

class BrokenHistory extends MemoryHistory {
  override async load(): Promise<never> {
    throw new Error('blocked');
  }
  override async put(): Promise<never> {
    throw new Error('quota');
  }
}

describe('history slice', () => {
  it('without storage, or with unreadable storage, the history counts as loaded', async () => {
    const none = harness({ history: null });
    await none.s().loadHistory();
    expect(none.s()).toMatchObject({ historyLoaded: true, alert: null });
    const broken = harness({ history: new BrokenHistory() });
    await broken.s().loadHistory();
    expect(broken.s().historyLoaded).toBe(true);
    expect(broken.s().alert).toMatchObject({ kind: 'info', text: expect.stringMatching(/could not be read/) });
  });

  it('a result that cannot be saved stays, with a note', async () => {
    const { s, engine, named } = harness({ history: new BrokenHistory() });
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    expect(named('a.wav').status).toBe('done');
    expect(s().alert).toMatchObject({ kind: 'info', text: expect.stringMatching(/Could not save/) });
  });

  it('keeps a started analysis as interrupted, so a reload shows it so; a finished one with its date, length and time taken', async () => {
    let clock = Date.UTC(2026, 11, 3, 14, 5);
    const first = harness({ now: () => clock });
    first.s().addFiles([file('a.wav'), file('b.mp3'), file('tiny.wav')]);
    first.decoder.results['tiny.wav'] = new Error('not audio');
    await flush();
    clock += 2500;
    first.engine.jobs[0].finish(genre(0));
    await flush();
    // b.mp3 is in the engine, and the page goes away
    const kept = [...first.history.entries.values()];
    expect(kept.map((e) => [e.name, e.outcome])).toEqual([
      ['a.wav', 'done'],
      ['b.mp3', 'interrupted'],
    ]);

    const again = harness({ history: first.history });
    await again.s().loadHistory();
    expect(again.s().tracks.map((t) => [t.name, t.status])).toEqual([
      ['a.wav', 'done'],
      ['b.mp3', 'interrupted'],
    ]);
    expect(again.named('a.wav')).toMatchObject({ restored: true, addedAt: Date.UTC(2026, 11, 3, 14, 5), sourceDurationSec: 30, analysisSec: 2.5 });
    expect(again.named('b.mp3')).toMatchObject({ restored: true, result: null, error: INTERRUPTED_BY_RELOAD, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(again.s().viewedId).toBe(again.named('a.wav').id);
  });

  it('an interrupted entry runs again only with the same file: another is refused, the same one is analysed in place', async () => {
    const first = harness();
    first.s().addFiles([file('a.wav'), file('b.mp3')]);
    await flush();
    const again = harness({ history: first.history });
    await again.s().loadHistory();
    const { s, engine, named } = again;
    const id = named('a.wav').id;

    await s().runAgain(id);
    expect(s().alert?.text).toBe('The audio of “a.wav” is not kept: choose the file again to run it again.');
    await s().runAgain(id, file('b.mp3'));
    expect(s().alert?.text).toMatch(/^That file is not the audio of “a.wav”/);
    expect(named('a.wav').status).toBe('interrupted');

    await s().runAgain(id, Object.assign(file('a.wav'), { name: 'renamed.wav' }));
    await flush();
    expect(named('a.wav')).toMatchObject({ id, status: 'analysing', restored: false, audioUrl: 'blob:file' });
    engine.jobs[0].finish(genre(2));
    await flush();
    expect(named('a.wav').status).toBe('done');
    expect(first.history.entries.get(id)?.outcome).toBe('done');
  });

  it('dropping an interrupted file again runs that entry again instead of adding a second one', async () => {
    const first = harness();
    first.s().addFiles([file('a.wav')]);
    await flush();
    const again = harness({ history: first.history });
    await again.s().loadHistory();
    again.s().addFiles([file('a.wav')]);
    await flush();
    expect(again.s().tracks).toHaveLength(1);
    expect(again.s().tracks[0]).toMatchObject({ status: 'analysing', audioUrl: 'blob:file' });
    expect(again.engine.jobs).toHaveLength(1);
  });

  it('a refused file is not kept; a failure mid-way is kept as interrupted with its reason', async () => {
    const { s, engine, history, decoder, named } = harness();
    decoder.results['bad.mp3'] = new Error('not audio');
    s().addFiles([file('bad.mp3'), file('a.wav')]);
    await flush();
    engine.jobs[0].reject(new Error('out of memory'));
    await flush();
    expect(named('bad.mp3').status).toBe('error');
    expect(named('a.wav')).toMatchObject({ status: 'interrupted', error: 'Analysis failed: out of memory' });
    expect([...history.entries.values()].map((e) => [e.name, e.outcome, e.error])).toEqual([['a.wav', 'interrupted', 'Analysis failed: out of memory']]);
  });
});
