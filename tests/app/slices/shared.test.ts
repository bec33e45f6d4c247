/** The shared slice context on its own: patch, fail, raise and seek requests on a bare store. */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { UserFacingError } from '../../../src/app/state/ports.ts';
import { createSliceContext, messageOf, type Full } from '../../../src/app/state/slices/shared.ts';
import type { Track } from '../../../src/app/state/types.ts';
import { FakeDecoder, FakeEngine, fakeUrls } from '../fakes.ts';

function bare(names: string[]) {
  const tracks = names.map((name, i) => ({ id: `t${i}`, name, status: 'analysing', error: null }) as unknown as Track);
  // only what the context touches: tracks, alert, viewedId, playback
  const store = createStore<Full>()(() => ({ tracks, alert: null, viewedId: null, playback: { timeSec: 5, playing: true, seek: null } }) as unknown as Full);
  const ctx = createSliceContext(store.setState, store.getState, { decoder: new FakeDecoder({}), engine: new FakeEngine(), urls: fakeUrls, now: () => 1000 });
  return { store, ctx };
}

describe('slice context', () => {
  it('patches one track only, by object or function', () => {
    const { store, ctx } = bare(['a.wav', 'b.wav']);
    ctx.patch('t1', { progress: 0.5 });
    ctx.patch('t1', (t) => ({ progress: t.progress * 2 }));
    expect(store.getState().tracks.map((t) => t.progress)).toEqual([undefined, 1]);
  });

  it('fail names the file unless the message already quotes it', () => {
    const { store, ctx } = bare(['a.wav', 'b.mp3']);
    ctx.fail('t0', new Error('boom'));
    expect(store.getState().alert).toMatchObject({ kind: 'error', text: 'a.wav: Analysis failed: boom', trackId: 't0' });
    ctx.fail('t1', new UserFacingError('"b.mp3" could not be decoded as audio.'));
    expect(store.getState().alert?.text).toBe('"b.mp3" could not be decoded as audio.');
    expect(store.getState().tracks[1]).toMatchObject({ status: 'error', error: '"b.mp3" could not be decoded as audio.' });
  });

  it('gives each alert and each seek request its own id', () => {
    const { store, ctx } = bare(['a.wav']);
    ctx.raise('one', null);
    const first = store.getState().alert!.id;
    ctx.raise('two', null, 'info');
    expect(store.getState().alert).toMatchObject({ id: first + 1, kind: 'info' });
    expect(ctx.seekTo(3).nonce).not.toBe(ctx.seekTo(3).nonce);
    ctx.showFromStart('t0');
    expect(store.getState()).toMatchObject({ viewedId: 't0', playback: { timeSec: 0, playing: false, seek: { timeSec: 0 } } });
  });

  it('words errors for people', () => {
    expect(messageOf(new UserFacingError('Plain.'))).toBe('Plain.');
    expect(messageOf(new Error('x'))).toBe('Analysis failed: x');
    expect(messageOf('y')).toBe('Analysis failed: y');
  });
});
