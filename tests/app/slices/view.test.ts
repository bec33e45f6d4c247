/** The view slice: focus without a result, seeking within the viewed track, the model view, exports. */
import { describe, expect, it } from 'vitest';
import { selectFocus, selectViewed } from '../../../src/app/state/slices/view.ts';
import { file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

describe('view slice', () => {
  it('picking a track without a result focuses it and keeps the shown result', async () => {
    const { s, engine, named } = harness();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    s().addFiles([file('b.mp3')]);
    s().view(named('a.wav').id);
    s().view(named('b.mp3').id);
    expect(selectFocus(s())?.name).toBe('b.mp3');
    expect(selectViewed(s())?.name).toBe('a.wav');
    s().view('nope');
    expect(selectFocus(s())?.name).toBe('b.mp3');
  });

  it('seeks stay within the viewed track and each is a new request', async () => {
    const { s, engine } = harness();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    s().seek(-4);
    const first = s().playback.seek!;
    expect(first.timeSec).toBe(0);
    s().seekBy(1000);
    expect(s().playback.timeSec).toBeCloseTo(selectViewed(s())!.result!.waveform.durationSec);
    s().seek(0);
    expect(s().playback.seek!.nonce).toBeGreaterThan(first.nonce);
    s().setPlayhead(2, true);
    expect(s().playback).toMatchObject({ timeSec: 2, playing: true });
    s().setModelView('cnn');
    expect(s().modelView).toBe('cnn');
  });

  it('export without a result says there is nothing yet; a failing export says why', async () => {
    const { s, engine } = harness({
      exporter: { save: () => undefined, renderPng: () => Promise.reject(new Error('canvas tainted')) },
    });
    await s().exportResult('json');
    expect(s().alert).toMatchObject({ kind: 'info', text: 'There is no result to export yet.' });
    s().dismissAlert();
    expect(s().alert).toBeNull();
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(0));
    await flush();
    await s().exportResult('png');
    expect(s().alert?.text).toBe('Export failed: canvas tainted');
  });
});
