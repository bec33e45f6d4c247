/** The analysis flow: decoding one file at a time, cancel before decoding, late previews. */
import { describe, expect, it } from 'vitest';
import { overallProgress, PREVIEW_SEC } from '../../../src/app/state/slices/analysis.ts';
import { decoded, fakeAnalysis, file, flush, genre } from '../fakes.ts';
import { harness } from './harness.ts';

describe('analysis flow', () => {
  it('decodes files one after another, in the order dropped', async () => {
    const { s, decoder } = harness();
    s().addFiles([file('b.mp3')]);
    s().addFiles([file('a.wav')]);
    await flush();
    expect(decoder.calls).toEqual(['b.mp3', 'a.wav']);
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

  it('a late preview never replaces the whole track’s result', async () => {
    const { s, decoder, engine, named } = harness();
    decoder.results['long.mp3'] = decoded(120);
    s().addFiles([file('long.mp3')]);
    await flush();
    engine.jobs[1].finish(genre(5));
    await flush();
    engine.jobs[0].handlers.progress('rhythm', 0.9);
    engine.jobs[0].handlers.features(fakeAnalysis(PREVIEW_SEC), []);
    engine.jobs[0].handlers.genre(genre(1));
    expect(named('long.mp3')).toMatchObject({ status: 'done', partial: false, progress: 1, result: { durationSec: 120 } });
    expect(named('long.mp3').genre).toMatchObject({ result: { probabilities: genre(5).probabilities } });
  });

  it('maps stages onto one progress bar', () => {
    expect(overallProgress('decode', 1)).toBeCloseTo(0.08);
    expect(overallProgress('model', 0)).toBeCloseTo(0.23);
    expect(overallProgress('model', 2)).toBe(1);
  });
});
