/** The tracks slice: the demo clip, cancel of a finished track, remove. */
import { describe, expect, it } from 'vitest';
import { decoded, FakeDecoder, fakeUrls, file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

describe('tracks slice', () => {
  it('adds the demo clip as a track of its own source', async () => {
    const decoder = new FakeDecoder({ 'Demo (synthesised)': decoded(5) });
    const { s, engine } = harness({ decoder, demo: { render: async () => new Blob([new Uint8Array(10)]) } });
    await s().addDemo();
    await flush();
    expect(s().tracks[0]).toMatchObject({ name: 'Demo (synthesised)', source: 'demo', status: 'queued' });
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
});
