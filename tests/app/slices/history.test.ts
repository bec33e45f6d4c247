/** The history slice: unreadable or full storage, no storage, clearing only what is finished. */
import { describe, expect, it } from 'vitest';
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

  it('clear removes finished tracks and the stored ones, and keeps those still running', async () => {
    const { s, engine, history, named } = harness();
    s().addFiles([file('a.wav'), file('b.mp3')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    expect(history.entries.size).toBe(1);
    await s().clearHistory();
    expect(s().tracks.map((t) => t.name)).toEqual(['b.mp3']);
    expect(history.entries.size).toBe(0);
    expect(engine.jobs[1].cancelled).toBe(false);
    expect(named('b.mp3').status).toBe('queued');
  });
});
