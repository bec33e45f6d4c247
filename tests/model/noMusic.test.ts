/**
 * The no-music detector (src/model/noMusic): the signal descriptors on signals whose answer is
 * known, the window rules and the track vote, the metadata's validation; then end to end through
 * both stages: white noise and a sine get no genre already at the quick stage, with their reason,
 * espeak-ng speech at the final one; a generated song and a few shared GTZAN clips stay music; a
 * sample of the no-music corpus (training/noMusicCorpus.ts) is flagged. musicnn work is kept to a
 * few patches a file (about 150 ms each on WebAssembly).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTrack, classifyTrackWithMusicnn } from '../../src/model/classify.ts';
import { melPowerFromAudio } from '../../src/model/features.ts';
import { GENRES, MetadataError } from '../../src/model/metadata.ts';
import { trackVerdict, windowReason, NO_MUSIC_REASONS } from '../../src/model/noMusic/judge.ts';
import { parseNoMusicMetadata, type SignalThresholds } from '../../src/model/noMusic/metadata.ts';
import { melGrid, windowSignal } from '../../src/model/noMusic/signal.ts';
import type { GenreModels, GenrePrediction, MusicnnModels } from '../../src/model/types.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { writeNoMusicCorpus } from '../../training/noMusicCorpus.ts';
import { describeWithData, readManifest } from '../support/sharedData.ts';
import { sine, song, whiteNoise } from '../support/signals.ts';

const sr = 22050;
let models: GenreModels;
let musicnn: MusicnnModels;

beforeAll(async () => {
  const loaded = await loadModelsFromDisk(undefined, { musicnn: true });
  models = loaded.models;
  musicnn = loaded.musicnn!;
});

const input = (y: Float32Array) => ({ melPower: melPowerFromAudio(y, models.cnnMeta.features), pcm: y, sr });
const flat = (p: GenrePrediction) => GENRES.every((g) => Math.abs(p.probabilities[g] - 0.1) < 1e-12);

function installed(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveTools = installed('sox') && installed('espeak-ng');
const toolsNote = 'sox or espeak-ng not installed (bash scripts/install-deps.sh installs both)';

describe('signal descriptors', () => {
  const grid = () => melGrid(models.cnnMeta.features);
  const describeSignal = (y: Float32Array) => {
    const p = melPowerFromAudio(y, models.cnnMeta.features);
    return windowSignal(p, 0, p.cols, grid());
  };

  it('white noise holds still and is smooth; a sine holds still and is one sharp peak at its band', () => {
    const noise = describeSignal(whiteNoise(3, { amplitude: 0.3 }));
    const tone = describeSignal(sine(1000, 3));
    expect(noise.changeDb).toBeLessThan(1.5);
    expect(noise.unevenDb).toBeLessThan(3);
    expect(noise.flickerDb).toBeGreaterThan(models.noMusic.signal.cnn.noiseFlickerDb);
    expect(tone.changeDb).toBeLessThan(0.1);
    expect(tone.unevenDb).toBeGreaterThan(6);
    expect(tone.flickerDb).toBeLessThan(0.1);
    expect(tone.peakShare).toBeGreaterThan(0.8);
    // the strongest band's centre within a band's width (~70 Hz here) of the tone
    expect(Math.abs(tone.dominantHz - 1000)).toBeLessThan(80);
  });

  it('a click every half second is mostly gaps; a song moves and is never mostly gaps', () => {
    const y = new Float32Array(3 * sr);
    for (let i = 0; i < y.length; i += sr / 2) y[i] = 0.9;
    expect(describeSignal(y).gapShare).toBeGreaterThan(0.8);
    const music = describeSignal(song(3));
    expect(music.changeDb).toBeGreaterThan(3);
    expect(music.gapShare).toBe(0);
  });
});

describe('window rules and track vote', () => {
  const t: SignalThresholds = { quietPeakDb: -40, steadyChangeDb: 2, tonalUnevenDb: 5, noiseFlickerDb: 3, singleTonePeakShare: 0.9, clicksGapShare: 0.25, humBelowHz: 150 };
  const base = { peakDb: 0, changeDb: 6, unevenDb: 6, flickerDb: 0.5, peakShare: 0.4, gapShare: 0, dominantHz: 500 };

  it('names the plainest explanation first, speech only from its score', () => {
    expect(windowReason(base, t)).toBeNull();
    expect(windowReason({ ...base, peakDb: -50 }, t)).toBe('quiet');
    expect(windowReason({ ...base, changeDb: 1, unevenDb: 2 }, t)).toBe('noise');
    expect(windowReason({ ...base, changeDb: 1, flickerDb: 4 }, t)).toBe('noise');
    expect(windowReason({ ...base, changeDb: 1, dominantHz: 60 }, t)).toBe('hum');
    expect(windowReason({ ...base, changeDb: 1 }, t)).toBe('tone');
    expect(windowReason({ ...base, peakShare: 0.95 }, t)).toBe('sweep');
    expect(windowReason({ ...base, gapShare: 0.8, peakShare: 0.95 }, t)).toBe('clicks');
    // speech's own pauses are shorter gaps: its score wins over them, not over "mostly gaps"
    expect(windowReason({ ...base, gapShare: 0.3 }, t, { score: 9, threshold: 7 })).toBe('speech');
    expect(windowReason({ ...base, gapShare: 0.3 }, t, { score: 5, threshold: 7 })).toBe('clicks');
    expect(windowReason({ ...base, gapShare: 0.5 }, t, { score: 9, threshold: 7 })).toBe('clicks');
  });

  it('flags a track when half its non-silent windows are flagged, with their most common reason', () => {
    expect(trackVerdict(['noise', null, 'noise', null], [false, false, false, false], 0.5)).toEqual({ noMusic: true, reason: 'noise' });
    expect(trackVerdict(['noise', null, null], [false, false, false], 0.5)).toEqual({ noMusic: false, reason: null });
    // silent windows do not vote; only silence is "silence"
    expect(trackVerdict(['silence', 'silence', 'tone'], [true, true, false], 0.5)).toEqual({ noMusic: true, reason: 'tone' });
    expect(trackVerdict(['silence', 'silence'], [true, true], 0.5)).toEqual({ noMusic: true, reason: 'silence' });
    // a tie goes to the reason listed first
    expect(trackVerdict(['speech', 'noise'], [false, false], 0.5).reason).toBe('noise');
  });

  it('reads the shipped metadata and rejects a broken one, naming the field', () => {
    expect(models.noMusic.speech.weights).toHaveLength(musicnn.net.meta.embeddingSize);
    const bad = structuredClone(models.noMusic) as unknown as { signal: { cnn: Record<string, unknown> }; trackShare: number };
    bad.signal.cnn.steadyChangeDb = 'low';
    expect(() => parseNoMusicMetadata(bad)).toThrow(/signal\.cnn\.steadyChangeDb/);
    expect(() => parseNoMusicMetadata({ ...structuredClone(models.noMusic), trackShare: 0 })).toThrow(MetadataError);
  });
});

describe('both stages', () => {
  it('white noise and a sine: no genre at the quick stage already, uniform probabilities, the reason in words, every window flagged', async () => {
    for (const [y, reason] of [[whiteNoise(8, { amplitude: 0.3 }), NO_MUSIC_REASONS.noise], [sine(440, 8), NO_MUSIC_REASONS.tone]] as const) {
      const quick = await classifyTrack(models, { melPower: melPowerFromAudio(y, models.cnnMeta.features) });
      expect(quick).toMatchObject({ stage: 'quick', noMusic: true, genre: null, confidence: 0, noMusicReason: reason });
      expect(flat(quick)).toBe(true);
      expect(quick.timeline.every((w) => w.noMusic && !w.silent)).toBe(true);
      // each model's own view stays available
      expect(GENRES.some((g) => quick.models.cnn[g] !== 0.1)).toBe(true);
    }
  });

  it('the final stage confirms noise with musicnn: tags and a per-patch timeline, no genre', async () => {
    const r = await classifyTrackWithMusicnn(models, musicnn, input(whiteNoise(6, { amplitude: 0.3, seed: 9 })));
    expect(r).toMatchObject({ stage: 'final', noMusic: true, genre: null, noMusicReason: NO_MUSIC_REASONS.noise });
    expect(r.tags).not.toBeNull();
    expect(r.timeline.every((w) => w.noMusic)).toBe(true);
  });

  it('a generated song is music at both stages, every window', async () => {
    const quicks: GenrePrediction[] = [];
    const r = await classifyTrackWithMusicnn(models, musicnn, input(song(9)), (q) => quicks.push(q));
    for (const p of [quicks[0], r]) {
      expect(p.noMusic).toBe(false);
      expect(p.noMusicReason).toBeNull();
      expect(p.genre).not.toBeNull();
      expect(p.timeline.some((w) => w.noMusic)).toBe(false);
    }
  });

  it.skipIf(!haveTools)(`espeak-ng speech is music to the quick stage's signal checks but "speech rather than music" to the final one${haveTools ? '' : ` [skipped: ${toolsNote}]`}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-speech-'));
    try {
      const file = join(dir, 'speech.wav');
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '170', '-w', file, 'Please leave a message after the tone, and we will call you back as soon as we can. Thank you for calling.']);
      const { y } = await loadAudioFile(file, { sr });
      const r = await classifyTrackWithMusicnn(models, musicnn, input(y));
      expect(r).toMatchObject({ stage: 'final', noMusic: true, genre: null, noMusicReason: NO_MUSIC_REASONS.speech });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveTools)(`the no-music corpus, a sample of each kind${haveTools ? '' : ` [skipped: ${toolsNote}]`}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrescope-corpus-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags pink noise, a sweep, hum, a metronome, DTMF, speech in noise and near silence, each with its reason', async () => {
    const expected: Record<string, string> = {
      'pink-noise-quiet': NO_MUSIC_REASONS.noise,
      'sweep-linear': NO_MUSIC_REASONS.sweep,
      'hum-60hz-hiss': NO_MUSIC_REASONS.hum,
      'metronome-72': NO_MUSIC_REASONS.clicks,
      'dtmf-digits': NO_MUSIC_REASONS.clicks,
      'speech-in-white-noise': NO_MUSIC_REASONS.speech,
      'near-silence-hiss': NO_MUSIC_REASONS.quiet,
    };
    const got: Record<string, string | null> = {};
    for (const f of writeNoMusicCorpus(dir, Object.keys(expected))) {
      const { y } = await loadAudioFile(f.path, { sr });
      // the first 9 s: four musicnn patches a file
      got[f.name] = (await classifyTrackWithMusicnn(models, musicnn, input(y.subarray(0, 9 * sr)))).noMusicReason;
    }
    expect(got).toEqual(expected);
  }, 60_000);
});

describeWithData('shared GTZAN valid clips', () => {
  // quiet and sparse music the detector must leave alone: solo classical, jazz, rap, a quiet intro
  const stems = () => {
    const valid = readManifest().filter((r) => r.split === 'valid');
    return ['classical', 'jazz', 'hiphop', 'blues', 'country'].map((g) => valid.find((r) => r.genre === g)!);
  };

  it('none is flagged (first 12 s of each, both stages), and no window of theirs either', async () => {
    const flagged: string[] = [];
    for (const clip of stems()) {
      const { y } = await loadAudioFile(clip.file, { sr });
      const quick: GenrePrediction[] = [];
      const r = await classifyTrackWithMusicnn(models, musicnn, input(y.subarray(0, 12 * sr)), (q) => quick.push(q));
      if (r.noMusic || quick[0].noMusic) flagged.push(`${clip.stem}: ${r.noMusicReason ?? quick[0].noMusicReason}`);
      if (r.timeline.some((w) => w.noMusic)) flagged.push(`${clip.stem}: a window`);
    }
    expect(flagged).toEqual([]);
  }, 60_000);
});
