import { beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/app/state/ports.ts';
import { createAppStore, overallProgress, PREVIEW_SEC, selectFocus, selectViewed, type AppStore } from '../../src/app/state/store.ts';
import { decoded, FakeDecoder, FakeEngine, FakeExporter, FakeRecorder, fakeUrls, file, flush, genre, MemoryHistory, SR } from './fakes.ts';

let engine: FakeEngine;
let decoder: FakeDecoder;
let history: MemoryHistory;
let store: AppStore;

function build(extra: Partial<Parameters<typeof createAppStore>[0]> = {}): AppStore {
  return createAppStore({ decoder, engine, urls: fakeUrls, history, exporter: new FakeExporter(), ...extra });
}

beforeEach(() => {
  engine = new FakeEngine();
  history = new MemoryHistory();
  decoder = new FakeDecoder({
    'a.wav': decoded(30),
    'b.mp3': decoded(20),
    'long.mp3': decoded(120),
    'silence.wav': decoded(10, { amplitude: 0 }),
    'short.wav': decoded(2),
    'tiny.wav': decoded(0.2),
    'bad.mp3': new UserFacingError('"bad.mp3" could not be decoded as audio.'),
  });
  store = build();
});

const s = () => store.getState();
const trackNamed = (name: string) => s().tracks.find((t) => t.name === name)!;

describe('one file', () => {
  it('decodes, analyses, shows features, then the genre, and keeps the result in the history', async () => {
    const [id] = s().addFiles([file('a.wav')]);
    expect(trackNamed('a.wav').status).toBe('decoding');
    await flush();
    expect(decoder.calls).toEqual(['a.wav']);
    expect(engine.jobs).toHaveLength(1);
    expect(engine.jobs[0].pcm.length).toBe(30 * SR);
    // in the engine as soon as its job is given
    expect(trackNamed('a.wav').status).toBe('analysing');

    engine.jobs[0].handlers.progress('harmony', 0.35);
    expect(trackNamed('a.wav').status).toBe('analysing');
    expect(trackNamed('a.wav').stage).toBe('harmony');
    expect(trackNamed('a.wav').progress).toBeCloseTo(overallProgress('harmony', 0.35));

    engine.jobs[0].handlers.features((await import('./fakes.ts')).fakeAnalysis(30), []);
    expect(s().viewedId).toBe(id);
    expect(selectViewed(s())!.result!.tempo).toBe(120);
    expect(trackNamed('a.wav').genre.status).toBe('pending');

    engine.jobs[0].handlers.genre(genre(3));
    engine.jobs[0].resolve();
    await flush();
    const t = trackNamed('a.wav');
    expect(t.status).toBe('done');
    expect(t.genre).toMatchObject({ status: 'ready', result: { status: 'ok' } });
    expect(history.entries.get(id)?.genre?.probabilities[3]).toBe(0.55);
  });

  it('marks the genre unavailable when the engine ends without one', async () => {
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish();
    await flush();
    expect(trackNamed('a.wav').genre.status).toBe('unavailable');
  });

  it('never moves the progress bar backwards', async () => {
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].handlers.progress('separation', 0.6);
    engine.jobs[0].handlers.progress('spectrogram', 0);
    expect(trackNamed('a.wav').progress).toBeCloseTo(overallProgress('separation', 0.6));
  });
});

describe('a queue of files', () => {
  it('queues a second file without cancelling the first, and a failure keeps the shown result', async () => {
    const [a] = s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(1));
    await flush();
    expect(s().viewedId).toBe(a);

    const [b] = s().addFiles([file('b.mp3')]);
    const [bad] = s().addFiles([file('bad.mp3')]);
    await flush();
    expect(engine.jobs).toHaveLength(2);
    expect(engine.jobs.some((j) => j.cancelled)).toBe(false);
    expect(trackNamed('bad.mp3').status).toBe('error');
    expect(s().alert?.text).toContain('could not be decoded as audio');
    expect(s().alert?.trackId).toBe(bad);
    // What was on screen stays on screen.
    expect(s().viewedId).toBe(a);
    expect(selectFocus(s())!.id).toBe(bad);

    engine.jobs[1].finish(genre(2));
    await flush();
    expect(trackNamed('b.mp3').status).toBe('done');
    expect(s().viewedId).toBe(a); // b finished while the user looked at the failure: a stays
    s().view(b);
    expect(s().viewedId).toBe(b);
  });

  it('several files dropped at once each get their own result, one after the other', async () => {
    s().addFiles([file('a.wav'), file('b.mp3')]);
    await flush();
    expect(engine.jobs).toHaveLength(1);
    expect(trackNamed('b.mp3').status).toBe('queued');
    engine.jobs[0].finish(genre(0));
    await flush();
    expect(engine.jobs).toHaveLength(2);
    engine.jobs[1].finish(genre(5));
    await flush();
    expect(s().tracks.map((t) => t.status)).toEqual(['done', 'done']);
    expect(s().viewedId).toBe(trackNamed('a.wav').id);
  });

  it('cancel stops one job only and keeps the earlier result', async () => {
    const [a] = s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish();
    s().addFiles([file('b.mp3')]);
    await flush();
    s().cancel(trackNamed('b.mp3').id);
    await flush();
    expect(engine.jobs[1].cancelled).toBe(true);
    expect(engine.jobs[0].cancelled).toBe(false);
    expect(trackNamed('b.mp3').status).toBe('cancelled');
    expect(s().viewedId).toBe(a);
    expect(s().alert).toBeNull();
  });
});

describe('bad and unusual input', () => {
  it('an empty file fails at once with its own message', () => {
    s().addFiles([file('empty.wav', 0)]);
    expect(trackNamed('empty.wav').status).toBe('error');
    expect(s().alert?.text).toMatch(/empty/);
    expect(decoder.calls).toEqual([]);
  });

  it('silence gets "no music detected" whatever the model says', async () => {
    s().addFiles([file('silence.wav')]);
    await flush();
    engine.jobs[0].finish(genre(6));
    await flush();
    const t = trackNamed('silence.wav');
    expect(t.genre).toMatchObject({ status: 'ready', result: { status: 'no-music' } });
  });

  it('a 2-second clip is analysed with a short-clip warning; 0.2 s is refused by the input rules', async () => {
    s().addFiles([file('short.wav'), file('tiny.wav')]);
    await flush();
    expect(engine.jobs).toHaveLength(1);
    engine.jobs[0].finish(genre(2));
    await flush();
    expect(trackNamed('short.wav').warnings).toContainEqual({ code: 'short', message: expect.stringMatching(/^Short clip \(2\.0 s\)/) });
    expect(trackNamed('tiny.wav').status).toBe('error');
    expect(trackNamed('tiny.wav').error).toBe('Too short to analyse: 0.20 s of audio (at least 0.5 s needed).');
  });

  it('a long track gets a quick result for its opening, then the whole one', async () => {
    s().addFiles([file('long.mp3')]);
    await flush();
    expect(engine.jobs).toHaveLength(1);
    expect(engine.jobs[0].pcm.length).toBe(PREVIEW_SEC * SR);
    engine.jobs[0].finish(genre(4));
    await flush();
    expect(engine.jobs[1].pcm.length).toBe(120 * SR);
    // only the whole track waits for musicnn: the opening's quick genre is its answer
    expect(engine.jobs.map((j) => j.refine)).toEqual([false, true]);
    let t = trackNamed('long.mp3');
    expect(t.partial).toBe(true);
    expect(t.genreFromPreview).toBe(true);
    expect(t.result!.durationSec).toBe(PREVIEW_SEC);
    expect(t.status).not.toBe('done');
    // The whole track's features come before its genre: the opening's genre stays, labelled as such.
    engine.jobs[1].handlers.features((await import('./fakes.ts')).fakeAnalysis(120), []);
    t = trackNamed('long.mp3');
    expect(t).toMatchObject({ partial: false, genreFromPreview: true });
    engine.jobs[1].handlers.genre(genre(5));
    engine.jobs[1].resolve();
    await flush();
    t = trackNamed('long.mp3');
    expect(t.genreFromPreview).toBe(false);
    expect(t.partial).toBe(false);
    expect(t.status).toBe('done');
    expect(t.result!.durationSec).toBe(120);
    expect(t.genre).toMatchObject({ status: 'ready', result: { probabilities: genre(5).probabilities } });
  });

  it('a long track’s opening, decoded first, is analysed before the whole is decoded', async () => {
    decoder.openings['long.mp3'] = decoded(PREVIEW_SEC, { source: { durationSec: 120, cut: true } });
    s().addFiles([file('long.mp3')]);
    await flush();
    engine.jobs[0].handlers.progress('rhythm', 0.5);
    engine.jobs[0].finish(genre(4));
    await flush();
    expect(engine.jobs.map((j) => j.pcm.length)).toEqual([PREVIEW_SEC * SR, 120 * SR]); // no second preview
    expect(trackNamed('long.mp3')).toMatchObject({ partial: true, status: 'analysing' });
    engine.jobs[1].finish(genre(5));
    await flush();
    expect(trackNamed('long.mp3')).toMatchObject({ partial: false, status: 'done', sourceDurationSec: 120 });
  });

  it('an engine crash interrupts the job it held, with a clear message, and keeps what is shown', async () => {
    const [a] = s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish();
    s().addFiles([file('b.mp3')]);
    await flush();
    engine.crashNow('out of memory');
    await flush();
    expect(trackNamed('b.mp3').status).toBe('interrupted');
    expect(s().alert?.text).toMatch(/crashed/);
    expect(s().viewedId).toBe(a);
  });
});

describe('microphone', () => {
  it('records, stops and analyses the recording like a file', async () => {
    const recorder = new FakeRecorder();
    store = build({ recorder });
    await s().startRecording();
    expect(s().recorder.status).toBe('recording');
    recorder.handlers!.level(0.5, 1.5);
    expect(s().recorder).toMatchObject({ level: 0.5, elapsedSec: 1.5 });
    await s().stopRecording();
    await flush();
    expect(s().recorder.status).toBe('idle');
    expect(engine.jobs).toHaveLength(1);
    expect(s().tracks[0]).toMatchObject({ source: 'microphone', audioUrl: 'blob:pcm' });
  });

  it('a denied microphone gives a clear message and leaves the recorder idle', async () => {
    store = build({ recorder: new FakeRecorder(new UserFacingError('Microphone access was denied.')) });
    await s().startRecording();
    expect(s().recorder.status).toBe('idle');
    expect(s().alert).toMatchObject({ kind: 'error', text: 'Microphone access was denied.' });
  });

  it('live mode classifies rolling windows, dropping one while the last is still running', async () => {
    const recorder = new FakeRecorder();
    store = build({ recorder });
    await s().startLive();
    expect(s().recorder.status).toBe('live');
    const w = decoded(3).pcm;
    recorder.handlers!.window!(w, SR);
    recorder.handlers!.window!(w, SR); // dropped: the first is still running
    expect(engine.jobs).toHaveLength(1);
    expect(engine.jobs[0].refine).toBe(false); // live: the quick models only
    engine.jobs[0].finish(genre(7));
    await flush();
    expect(s().live.genre?.probabilities[7]).toBe(0.55);
    expect(s().live.melDb?.rows).toBe(128);
    recorder.handlers!.window!(w, SR);
    expect(engine.jobs).toHaveLength(2);
    await s().stopLive();
    expect(s().recorder.status).toBe('idle');
    expect(s().tracks).toHaveLength(0);
  });
});

describe('history and exports', () => {
  it('restores earlier results after a reload, without audio', async () => {
    const [id] = s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(2));
    await flush();
    const reloaded = build();
    await reloaded.getState().loadHistory();
    const t = reloaded.getState().tracks[0];
    expect(t).toMatchObject({ id, name: 'a.wav', restored: true, audioUrl: null, status: 'done' });
    expect(reloaded.getState().viewedId).toBe(id);
  });

  it('remove deletes a result from the list and the history', async () => {
    const [id] = s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish();
    await flush();
    s().remove(id);
    await flush();
    expect(s().tracks).toHaveLength(0);
    expect(history.entries.size).toBe(0);
    expect(s().viewedId).toBeNull();
  });

  it('exports JSON with the genre and features, the CSV with the table columns first, and the PNG card', async () => {
    const exporter = new FakeExporter();
    store = build({ exporter });
    s().addFiles([file('a.wav')]);
    await flush();
    engine.jobs[0].finish(genre(3));
    await flush();
    await s().exportResult('json');
    await s().exportResult('csv');
    await s().exportResult('png');
    await flush();
    const json = JSON.parse(exporter.saved.find((x) => x.name.endsWith('.json'))!.text) as Record<string, unknown>;
    expect(json).toMatchObject({ file: 'a.wav', genre: 'disco', confidence: 0.55, tempo: 120 });
    expect(Object.keys(json.features as object)).toHaveLength(57);
    const csv = exporter.saved.find((x) => x.name.endsWith('.csv'))!.text.trim().split('\n');
    expect(csv[0].split(',')).toHaveLength(74);
    expect(csv[0].startsWith('filename,length,chroma_stft_mean,chroma_stft_var,rms_mean')).toBe(true);
    expect(csv[1].split(',').slice(0, 2)).toEqual(['a.wav', String(30 * SR)]);
    expect(exporter.saved.map((x) => x.name)).toContain('a.png');
  });
});
