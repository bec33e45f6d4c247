/** The tracks slice: the demo clip, cancel of a finished track, remove, run again, clear with undo. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UNDO_MS } from '../../../src/app/state/slices/tracks.ts';
import { decoded, FakeDecoder, fakeUrls, file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('tracks slice', () => {
  it('adds the demo clip as a track of its own source', async () => {
    const decoder = new FakeDecoder({ 'Demo (synthesised)': decoded(5) });
    const { s, engine } = harness({ decoder, demo: { render: async () => new Blob([new Uint8Array(10)]) } });
    await s().addDemo();
    await flush();
    expect(s().tracks[0]).toMatchObject({ name: 'Demo (synthesised)', source: 'demo', status: 'analysing' });
    expect(engine.jobs).toHaveLength(1);
  });

  it('a demo that cannot be made says so', async () => {
    const { s } = harness({ demo: { render: async () => Promise.reject(new Error('no audio context')) } });
    await s().addDemo();
    expect(s().alert?.text).toBe('Could not make the demo clip: no audio context');
    expect(s().tracks).toHaveLength(0);
  });

  it('cancel leaves a finished track as it is; remove revokes its audio and clears its alert', async () => {
    const { s, engine, named } = harness();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(1));
    await flush();
    const id = named('a.wav').id;
    s().cancel(id);
    expect(named('a.wav').status).toBe('done');
    s().addFiles([file('empty.wav', 0)]);
    const empty = named('empty.wav').id;
    expect(s().alert?.trackId).toBe(empty);
    const revoked = fakeUrls.revoked.length;
    s().remove(id);
    expect(fakeUrls.revoked.length).toBe(revoked + 1);
    s().remove(empty);
    expect(s().alert).toBeNull();
    expect(s().tracks).toHaveLength(0);
  });

  it('runs a cancelled track again from the file kept this session, as the newest in the list', async () => {
    const { s, engine, decoder, named } = harness();
    s().addFiles([file('a.wav'), file('b.mp3')]);
    await flush();
    const a = named('a.wav').id;
    s().cancel(a);
    await flush();
    expect(engine.jobs[0].cancelled).toBe(true);
    await s().runAgain(a);
    await flush();
    expect(s().tracks.map((t) => t.name)).toEqual(['b.mp3', 'a.wav']);
    expect(named('a.wav')).toMatchObject({ status: 'queued', error: null, result: null });
    expect(decoder.calls).toEqual(['a.wav', 'b.mp3', 'a.wav']);
    engine.jobs[1].finish(genre(1));
    await flush();
    engine.jobs[2].finish(genre(2));
    await flush();
    expect(named('a.wav').status).toBe('done');
  });

  it('clear takes the finished tracks from the list and the history; undo brings both back in place', async () => {
    const { s, engine, history, named } = harness();
    s().addFiles([file('a.wav'), file('b.mp3'), file('demo.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    s().cancel(named('demo.wav').id);
    await flush();
    expect([...history.entries.values()].map((e) => [e.name, e.outcome])).toEqual([
      ['a.wav', 'done'],
      ['b.mp3', 'interrupted'],
      ['demo.wav', 'cancelled'],
    ]);
    await s().clearHistory();
    expect(s().tracks.map((t) => t.name)).toEqual(['b.mp3']);
    expect(s().lastClear).toEqual({ count: 2 });
    expect([...history.entries.values()].map((e) => e.name)).toEqual(['b.mp3']);
    expect(engine.jobs[1].cancelled).toBe(false);
    expect(named('b.mp3').status).toBe('analysing');

    await s().undoClear();
    expect(s().tracks.map((t) => t.name)).toEqual(['a.wav', 'b.mp3', 'demo.wav']);
    expect(s().lastClear).toBeNull();
    expect(history.entries.get(named('a.wav').id)).toMatchObject({ outcome: 'done', genre: { probabilities: genre(0).probabilities } });
    expect(history.entries.get(named('demo.wav').id)?.outcome).toBe('cancelled');
  });

  it('the undo lasts until the next action on the list or UNDO_MS, then the audio is let go', async () => {
    const { s, engine } = harness();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    await s().clearHistory();
    s().addFiles([file('b.mp3')]);
    expect(s().lastClear).toBeNull();
    await s().undoClear();
    expect(s().tracks.map((t) => t.name)).toEqual(['b.mp3']);
    await flush();

    vi.useFakeTimers();
    engine.jobs[1].finish(genre(1));
    await vi.advanceTimersByTimeAsync(10);
    const revoked = fakeUrls.revoked.length;
    await s().clearHistory();
    expect(s().lastClear).toEqual({ count: 1 });
    await vi.advanceTimersByTimeAsync(UNDO_MS - 100);
    expect(s().lastClear).not.toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(s().lastClear).toBeNull();
    expect(fakeUrls.revoked.length).toBe(revoked + 1);
  });
});
