/** The analysis flow: the queue (one job at a time, short files first), cancel before decoding, late previews, duplicates by content hash. */
import { describe, expect, it } from 'vitest';
import { overallProgress, PREVIEW_SEC } from '../../../src/app/state/slices/analysis.ts';
import { selectQueue } from '../../../src/app/state/queue.ts';
import { decoded, fakeAnalysis, fakeHasher, file, flush, genre, SR } from '../fakes.ts';
import { harness } from './harness.ts';

/** A file with the bytes of `file(original)` under another name. */
function copyOf(original: string, name: string): Blob & { name: string } {
  return Object.assign(file(original), { name });
}

describe('analysis flow', () => {
  it('decodes files one after another, in the order dropped', async () => {
    const { s, decoder } = harness();
    s().addFiles([file('b.mp3')]);
    s().addFiles([file('a.wav')]);
    await flush();
    expect(decoder.calls).toEqual(['b.mp3', 'a.wav']);
  });

  it('gives the engine one job at a time, in the order shown: a waiting track is not in the engine', async () => {
    const { s, engine, named } = harness();
    s().addFiles([file('a.wav'), file('b.mp3'), file('demo.wav')]);
    await flush();
    expect(engine.jobs).toHaveLength(1);
    expect(named('a.wav').status).toBe('analysing');
    const queue = selectQueue(s());
    expect(queue).toEqual([named('b.mp3').id, named('demo.wav').id]);
    engine.jobs[0].finish(genre(0));
    await flush();
    expect(engine.jobs).toHaveLength(2);
    expect(engine.jobs[1].pcm.length).toBe(20 * SR); // b.mp3, the first in the queue
    expect(selectQueue(s())).toEqual([named('demo.wav').id]);
  });

  it('runs files of a minute or less before longer ones waiting with them, and before a long track’s whole analysis', async () => {
    const { s, decoder, engine, named } = harness();
    decoder.results['long.mp3'] = decoded(120);
    decoder.results['long2.mp3'] = decoded(90);
    s().addFiles([file('long.mp3'), file('a.wav')]);
    await flush();
    // the long track's opening went first (nothing else was ready); then the short file, before its whole
    expect(engine.jobs.map((j) => j.pcm.length)).toEqual([PREVIEW_SEC * SR]);
    engine.jobs[0].finish(genre(1));
    await flush();
    expect(named('long.mp3')).toMatchObject({ status: 'queued', partial: true });
    expect(engine.jobs[1].pcm.length).toBe(30 * SR);
    // dropped while a.wav runs: the long one first, the short one second; the short one goes first
    s().addFiles([file('long2.mp3'), file('b.mp3')]);
    await flush();
    expect(selectQueue(s())).toEqual([named('b.mp3').id, named('long.mp3').id, named('long2.mp3').id]);
    engine.jobs[1].finish(genre(2));
    await flush();
    expect(engine.jobs[2].pcm.length).toBe(20 * SR);
    engine.jobs[2].finish(genre(3));
    await flush();
    expect(engine.jobs[3].pcm.length).toBe(120 * SR);
    expect(named('long.mp3').status).toBe('analysing');
  });

  it('a file cancelled while waiting to be decoded is never decoded nor analysed', async () => {
    const { s, decoder, engine, named } = harness();
    s().addFiles([file('a.wav'), file('b.mp3')]);
    s().cancel(named('b.mp3').id);
    await flush();
    expect(decoder.calls).toEqual(['a.wav']);
    expect(engine.jobs).toHaveLength(1);
    expect(named('b.mp3').status).toBe('cancelled');
  });

  it('cancel of a running long track leaves a true state: cancelled, nothing on its way, the opening’s result kept; the next starts', async () => {
    const { s, decoder, engine, named } = harness();
    decoder.results['long.mp3'] = decoded(120);
    s().addFiles([file('long.mp3'), file('b.mp3')]);
    await flush();
    engine.jobs[0].finish(genre(4)); // the opening
    await flush();
    engine.jobs[1].finish(genre(2)); // b.mp3
    await flush();
    engine.jobs[2].handlers.progress('harmony', 0.5); // the whole long track
    s().cancel(named('long.mp3').id);
    await flush();
    expect(engine.jobs[2].cancelled).toBe(true);
    expect(named('long.mp3')).toMatchObject({ status: 'cancelled', partial: false, genreFromPreview: true, result: { durationSec: PREVIEW_SEC } });
    // late messages of the cancelled job change nothing
    engine.jobs[2].handlers.features(fakeAnalysis(120), []);
    expect(named('long.mp3').result!.durationSec).toBe(PREVIEW_SEC);
    s().addFiles([file('a.wav')]);
    await flush();
    expect(engine.jobs).toHaveLength(4);
  });

  it('a late preview never replaces the whole track’s result', async () => {
    const { s, decoder, engine, named } = harness();
    decoder.results['long.mp3'] = decoded(120);
    s().addFiles([file('long.mp3')]);
    await flush();
    // the opening's job ends before its messages are all handled (they arrive late)
    engine.jobs[0].resolve();
    await flush();
    engine.jobs[1].finish(genre(5));
    await flush();
    engine.jobs[0].handlers.progress('rhythm', 0.9);
    engine.jobs[0].handlers.features(fakeAnalysis(PREVIEW_SEC), []);
    engine.jobs[0].handlers.genre(genre(1));
    expect(named('long.mp3')).toMatchObject({ status: 'done', partial: false, progress: 1, result: { durationSec: 120 } });
    expect(named('long.mp3').genre).toMatchObject({ result: { probabilities: genre(5).probabilities } });
  });

  it('the same file dropped again shows the existing result: no second decode nor analysis', async () => {
    const { s, decoder, engine, named } = harness();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(3));
    await flush();
    s().view(named('a.wav').id);
    s().addFiles([file('b.mp3')]);
    await flush();
    engine.jobs[1].finish(genre(1));
    await flush();
    s().addFiles([copyOf('a.wav', 'a copy.wav')]);
    await flush();
    expect(decoder.calls).toEqual(['a.wav', 'b.mp3']);
    expect(engine.jobs).toHaveLength(2);
    expect(s().tracks.map((t) => t.name)).toEqual(['a.wav', 'b.mp3']);
    expect(s().viewedId).toBe(named('a.wav').id);
    expect(s().focusId).toBe(named('a.wav').id);
    expect(s().alert).toMatchObject({ kind: 'info', text: '“a copy.wav” is the same audio as “a.wav”: already analysed, so its result is shown again.' });
    expect(named('a.wav').contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes a file beside its hashing unless a track in the list has a file of its size', async () => {
    const pending: (() => void)[] = [];
    const slowHasher = { hash: (f: Blob) => new Promise<string | null>((resolve) => pending.push(() => void fakeHasher.hash(f).then(resolve))) };
    const { s, decoder, engine } = harness({ hasher: slowHasher });
    s().addFiles([file('a.wav')]);
    await flush();
    expect(decoder.calls).toEqual(['a.wav']); // decoded while its hash is still being computed
    expect(engine.jobs).toHaveLength(0); // but the engine waits for the hash
    pending.shift()!();
    await flush();
    expect(engine.jobs).toHaveLength(1);
    s().addFiles([copyOf('a.wav', 'same size.wav')]);
    await flush();
    expect(decoder.calls).toEqual(['a.wav']); // maybe a duplicate: it waits for its hash, and is one
    pending.shift()!();
    await flush();
    expect(decoder.calls).toEqual(['a.wav']);
    expect(s().tracks.map((t) => t.name)).toEqual(['a.wav']);
  });

  it('a duplicate of a waiting file, or two equal files in one drop, is analysed once', async () => {
    const { s, engine } = harness();
    s().addFiles([file('a.wav'), copyOf('a.wav', 'again.wav'), file('b.mp3')]);
    await flush();
    expect(s().tracks.map((t) => t.name)).toEqual(['a.wav', 'b.mp3']);
    s().addFiles([copyOf('b.mp3', 'b again.mp3')]);
    await flush();
    expect(s().alert?.text).toBe('“b again.mp3” is the same audio as “b.mp3”: already in the queue.');
    engine.jobs[0].finish(genre(0));
    await flush();
    engine.jobs[1].finish(genre(1));
    await flush();
    expect(engine.jobs).toHaveLength(2);
  });

  it('maps stages onto one progress bar', () => {
    expect(overallProgress('decode', 1)).toBeCloseTo(0.08);
    expect(overallProgress('model', 0)).toBeCloseTo(0.23);
    expect(overallProgress('model', 2)).toBe(1);
  });
});
