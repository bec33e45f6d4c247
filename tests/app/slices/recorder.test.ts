/** The recorder slice: no microphone, the recording time limit, a live genre that is unavailable. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_RECORDING_SEC } from '../../../src/app/state/slices/recorder.ts';
import { decoded, FakeRecorder, flush, SR } from '../fakes.ts';
import { harness } from './harness.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('recorder slice', () => {
  it('without a microphone, recording and live mode say they are not supported', async () => {
    const { s } = harness({ recorder: null });
    await s().startRecording();
    expect(s().alert?.text).toBe('Recording is not supported in this browser.');
    await s().startLive();
    expect(s().alert?.text).toBe('Live mode is not supported in this browser.');
    expect(s().recorder.status).toBe('idle');
  });

  it('a recording stops by itself after MAX_RECORDING_SEC and is analysed', async () => {
    vi.useFakeTimers();
    const { s, engine } = harness({ recorder: new FakeRecorder() });
    await s().startRecording();
    expect(s().recorder.status).toBe('recording');
    await vi.advanceTimersByTimeAsync(MAX_RECORDING_SEC * 1000);
    expect(s().recorder.status).toBe('idle');
    expect(s().tracks[0]).toMatchObject({ source: 'microphone' });
    expect(engine.jobs).toHaveLength(1);
  });

  it('live mode shows why its genre is unavailable, and starts afresh each time', async () => {
    const recorder = new FakeRecorder();
    const { s, engine } = harness({ recorder });
    await s().startLive();
    recorder.handlers!.window!(decoded(3).pcm, SR);
    engine.jobs[0].handlers.genre({ unavailable: 'models not loaded' });
    engine.jobs[0].resolve();
    await flush();
    expect(s().live).toMatchObject({ genre: null, genreUnavailable: 'models not loaded' });
    await s().stopLive();
    await s().startLive();
    expect(s().live).toMatchObject({ genreUnavailable: null, updates: 0, melDb: null });
  });
});
