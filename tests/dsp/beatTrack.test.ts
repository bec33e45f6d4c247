import { beforeAll, describe, expect, it } from 'vitest';
import { beatTrack } from '../../src/dsp/beat/beatTrack.ts';
import { beatTrackDp, lastBeat, localMax, roundHalfEven, trimBeats } from '../../src/dsp/beat/beatTracker.ts';
import { beatFMeasure, countMatches } from '../../src/dsp/beat/evaluate.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { melSpectrogram } from '../../src/dsp/feature/melSpectrogram.ts';
import { onsetStrength } from '../../src/dsp/onset/onsetStrength.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { clickTrack } from '../support/signals.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

const FRAME_S = 512 / 22050;
const lagBpm = (k: number) => (60 * 22050) / (512 * k);

const indices = (mask: Uint8Array) => Array.from(mask.keys()).filter((i) => mask[i]);
const maskOf = (n: number, on: number[]) => {
  const m = new Uint8Array(n);
  for (const i of on) m[i] = 1;
  return m;
};

describe('beat tracker internals (librosa 0.10.2)', () => {
  it('rounds halves to even, as numpy.round', () => {
    expect([0.5, 1.5, 2.5, 10.5, 11.5, 12.4, 12.6].map(roundHalfEven)).toEqual([0, 2, 2, 10, 12, 12, 13]);
  });

  it('breaks DP ties toward the nearest predecessor (numba loop scans from t - round(period / 2) down)', () => {
    // a tightness too small to register beside scores of order 1 leaves only cumscore: frame 5 sees
    // equal scores 2 at frames 3 and 2 and must link to 3 (numpy.argmax over the old window picked 2)
    const { backlink, cumscore } = beatTrackDp(new Float64Array(10).fill(1), 4, 1e-300);
    expect(Array.from(cumscore.subarray(0, 6))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(backlink[5]).toBe(3);
    expect(backlink[0]).toBe(-1);
    expect(backlink[1]).toBe(-1);
  });

  it('links nothing before the first local score of at least 1 % of the maximum; that frame still links back', () => {
    // librosa sets backlink -1 only while the score stays under the threshold; the first frame at
    // or above it takes its best predecessor like any other (weak leading beats are trimmed later)
    const ls = Float64Array.of(0.001, 0.005, 1, 0, 0, 0, 1, 0, 0, 0, 1);
    const { backlink } = beatTrackDp(ls, 4, 100);
    expect(Array.from(backlink.subarray(0, 3))).toEqual([-1, -1, 0]);
    expect(Array.from(backlink.subarray(3)).every((b) => b >= 0)).toBe(true);
  });

  it('marks local maxima as librosa.util.localmax: never frame 0, the last frame if above its neighbour', () => {
    expect(Array.from(localMax(Float64Array.of(5, 1, 3, 3, 2, 4)))).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('ends at the last local maximum of the cumulative score at or above half their median', () => {
    // maxima 10, 12, 1: median 10, threshold 5, so frame 5 (score 1) is passed over
    expect(lastBeat(Float64Array.of(0, 10, 0, 12, 0, 1, 0))).toBe(3);
    expect(lastBeat(Float64Array.of(0, 1, 0.5, 2, 1, 3, 2.9, 2.8))).toBe(5);
    // no local maximum at all: the last frame
    expect(lastBeat(Float64Array.of(2, 2, 2))).toBe(2);
  });

  it("trims at half the RMS of numpy.convolve(beat scores, hanning(5))[2 : T + 2] (two tail values included)", () => {
    // scores 3.5, 5, 5: full convolution 0, 1.75, 6, 9.25, 7.5, 2.5, 0; librosa's slice keeps
    // 6, 9.25, 7.5, 2.5, 0 -> threshold 0.5 sqrt(184.0625 / 5) = 3.03, so 3.5 stays (a 'same'
    // slice, 6, 9.25, 7.5, would give 3.85 and drop it)
    const ls = Float64Array.of(0, 3.5, 0, 5, 0, 5, 0, 0);
    expect(indices(trimBeats(ls, maskOf(8, [1, 3, 5]), true))).toEqual([1, 3, 5]);
    // 2.5 instead: threshold 0.5 sqrt(164.0625 / 5) = 2.86, and 2.5 goes
    const low = Float64Array.of(0, 2.5, 0, 5, 0, 5, 0, 0);
    expect(indices(trimBeats(low, maskOf(8, [1, 3, 5]), true))).toEqual([3, 5]);
    // trim=false keeps everything with a positive local score
    expect(indices(trimBeats(low, maskOf(8, [1, 3, 5]), false))).toEqual([1, 3, 5]);
  });

  it('trims frames, not beats: a strong frame before a weak first beat stops the trimming (0.10.2)', () => {
    // threshold 0.5 sqrt(138.75 / 5) = 2.63: frame 1 (4, no beat) ends the leading walk, so the
    // weak beat at frame 2 (score 1) survives; 0.10.0 trimmed the beat list and dropped it
    const ls = Float64Array.of(0, 4, 1, 5, 0, 5, 0, 0);
    expect(indices(trimBeats(ls, maskOf(8, [2, 3, 5]), true))).toEqual([2, 3, 5]);
  });
});

describe('beatTrack', () => {
  it('puts beats exactly on the impulses of an impulse train at its own tempo', () => {
    // The first impulse comes after a full period: the DP has no start state, so a first beat
    // earlier than one period can only link to a frame at a penalised distance (13 frames
    // costs 100 ln(13/20)^2 = 18.6) and a path through an empty frame may beat it. The envelope
    // ends 5 frames after the last impulse, where the cumulative score still falls; from 10 frames
    // on it rises again toward the next period, the last frame becomes a local maximum and
    // librosa's backtrack from there moves the last beat.
    const env = new Float32Array(591);
    const expected: number[] = [];
    for (let t = 25; t < 591; t += 20) {
      env[t] = 1;
      expected.push(t);
    }
    const r = beatTrack({ onsetEnvelope: env });
    expect(r.tempo).toBe(lagBpm(20));
    expect(Array.from(r.beats)).toEqual(expected);
    expect(Array.from(beatTrack({ onsetEnvelope: env, bpm: lagBpm(20) }).beats)).toEqual(expected);
  });

  for (const bpm of [120, 90]) {
    it(`tracks a ${bpm} BPM click track: one beat per click, each 0 to 2 frames (46 ms) after it`, () => {
      // The envelope rises in the first frame whose 2048-sample window reaches a click, shifted by
      // lag + nFft // (2 hop) = 3 frames: 0..1 frame late, and 1..2 when the rise is strongest one
      // frame later (the click entering at the window's far edge). 23 ms is the frame step.
      const { y, clickTimes } = clickTrack(bpm, 20);
      const r = beatTrack({ y, units: 'time' });
      expect([lagBpm(22), lagBpm(21), lagBpm(29), lagBpm(28)]).toContain(r.tempo);
      const times = r.beatTimes!;
      expect(times.length).toBeGreaterThanOrEqual(clickTimes.length - 1);
      expect(times.length).toBeLessThanOrEqual(clickTimes.length);
      let sumLag = 0;
      for (const t of times) {
        const nearest = clickTimes.reduce((a, c) => (Math.abs(c - t) < Math.abs(a - t) ? c : a));
        expect(t - nearest).toBeGreaterThanOrEqual(0);
        expect(t - nearest).toBeLessThanOrEqual(2 * FRAME_S);
        sumLag += t - nearest;
      }
      // on average well under the 2-frame bound
      expect(sumLag / times.length).toBeLessThan(1.5 * FRAME_S);
      expect(beatFMeasure({ reference: clickTimes, estimated: times, minBeatTime: 0 })).toBeGreaterThan(0.97);
    });
  }

  it('gives tempo 0, no beats and no NaN for silence, as librosa (an envelope without onsets)', () => {
    const r = beatTrack({ y: new Float32Array(3 * 22050), units: 'time' });
    expect(r.tempo).toBe(0);
    expect(r.beats.length).toBe(0);
    expect(r.beatTimes!.length).toBe(0);
    expect(beatTrack({ onsetEnvelope: new Float32Array(1) }).tempo).toBe(0);
  });

  it('works on a 2 s signal', () => {
    const { y, clickTimes } = clickTrack(120, 2);
    const r = beatTrack({ y, units: 'time' });
    expect(r.beats.length).toBe(clickTimes.length);
    r.beatTimes!.forEach((t, i) => expect(Math.abs(t - clickTimes[i])).toBeLessThanOrEqual(2 * FRAME_S));
  });

  it('rejects bad parameters', () => {
    const env = Float32Array.of(0, 1, 0, 1);
    expect(() => beatTrack({})).toThrow(ParameterError);
    expect(() => beatTrack({ onsetEnvelope: env, bpm: -1 })).toThrow(ParameterError);
    expect(() => beatTrack({ onsetEnvelope: env, tightness: 0 })).toThrow(ParameterError);
    expect(() => beatTrack({ onsetEnvelope: env, units: 'samples' as 'frames' })).toThrow(ParameterError);
  });
});

describe('beatFMeasure (mir_eval.beat.f_measure after trim_beats)', () => {
  const ref = Array.from({ length: 20 }, (_, i) => 5 + 0.5 * i);

  it('is 1 for identical or slightly shifted beats and 0 beyond the window', () => {
    expect(beatFMeasure({ reference: ref, estimated: ref })).toBe(1);
    expect(beatFMeasure({ reference: ref, estimated: ref.map((t) => t + 0.05) })).toBe(1);
    expect(beatFMeasure({ reference: ref, estimated: ref.map((t) => t + 0.1) })).toBe(0);
    expect(beatFMeasure({ reference: ref, estimated: ref.map((t) => t + 0.1), window: 0.1 })).toBe(1);
  });

  it('is 2PR / (P + R): every other beat gives P = 1, R = 1/2, F = 2/3; doubled beats P = 1/2, R = 1', () => {
    expect(beatFMeasure({ reference: ref, estimated: ref.filter((_, i) => i % 2 === 0) })).toBeCloseTo(2 / 3, 12);
    const doubled = ref.flatMap((t) => [t, t + 0.25]);
    expect(beatFMeasure({ reference: ref, estimated: doubled })).toBeCloseTo(2 / 3, 12);
  });

  it('ignores beats before minBeatTime (5 s by default) in both lists', () => {
    const early = [1, 2, 3, 4];
    expect(beatFMeasure({ reference: [...early, ...ref], estimated: ref })).toBe(1);
    expect(beatFMeasure({ reference: [...early, ...ref], estimated: ref, minBeatTime: 0 })).toBeCloseTo((2 * 20) / (24 + 20), 12);
    expect(beatFMeasure({ reference: early, estimated: early })).toBe(0);
  });

  it('counts a maximum one-to-one matching, not nearest neighbours', () => {
    // 10.0 only reaches 10.05; nearest-neighbour matching would also give 10.05 to 10.1 and lose a hit
    expect(countMatches([10, 10.1], [10.05, 10.12], 0.07)).toBe(2);
    expect(countMatches([10, 10.01, 10.02], [10.03], 0.07)).toBe(1);
  });

  it('is 0 for empty lists and rejects unsorted input', () => {
    expect(beatFMeasure({ reference: [], estimated: ref })).toBe(0);
    expect(beatFMeasure({ reference: ref, estimated: [] })).toBe(0);
    expect(() => beatFMeasure({ reference: [6, 5.5], estimated: ref })).toThrow(ParameterError);
  });
});

describeWithData('beat frames equal librosa-ref beat_frames (librosa 0.10.2 beat_track on the median onset envelope)', () => {
  for (const stem of REF_STEMS) {
    describe(stem, () => {
      let env: Float32Array;
      beforeAll(async () => {
        const { y } = await loadAudioFile(audioPath(stem));
        env = onsetStrength({ melPower: melSpectrogram({ y, padMode: 'reflect' }), aggregate: 'median' });
      });
      it('same tempo, same beat frames, beat times frame * 512 / 22050', () => {
        const ref = readLibrosaRef(stem);
        const r = beatTrack({ onsetEnvelope: env, units: 'time' });
        expect(r.tempo).toBe(ref.tempo_bpm);
        expect(Array.from(r.beats)).toEqual(ref.beat_frames);
        Array.from(r.beatTimes!).forEach((t, i) => expect(Math.abs(t - ref.beat_times_s[i])).toBeLessThan(1e-12));
      });
    });
  }
});
