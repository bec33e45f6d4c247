import { beforeAll, describe, expect, it } from 'vitest';
import { melSpectrogram, mfcc } from '../../src/dsp/feature/melSpectrogram.ts';
import { melFilterbank } from '../../src/dsp/filters/mel.ts';
import { hzToMel, melToHz } from '../../src/dsp/core/convert.ts';
import { powerToDb } from '../../src/dsp/core/db.ts';
import { argmax } from '../../src/dsp/util/stats.ts';
import { column, type Matrix } from '../../src/dsp/matrix.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { sine } from '../support/signals.ts';
import { expectAllClose, firstFrames } from '../support/compare.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

describe('mel scale and filterbank', () => {
  it('converts Hz and mel both ways on the Slaney and HTK scales', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(500)).toBeCloseTo(7.5, 12);
    expect(hzToMel(1000, true)).toBeCloseTo(999.9855, 3);
    for (const f of [30, 700, 1000, 4000, 11025]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
      expect(melToHz(hzToMel(f, true), true)).toBeCloseTo(f, 8);
    }
  });

  it('has Slaney area-normalised triangles: each filter sums to 2 / width x bin spacing', () => {
    const basis = melFilterbank({ sr: 22050, nFft: 2048, nMels: 40 });
    const binHz = 22050 / 2048;
    for (const m of [10, 25, 39]) {
      const lo = melToHz(hzToMel(0) + (m * hzToMel(11025)) / 41);
      const hi = melToHz(hzToMel(0) + ((m + 2) * hzToMel(11025)) / 41);
      const area = basis.weights[m].reduce((a, b) => a + b, 0) * binHz;
      // a triangle of height 2 / (hi - lo) over (hi - lo) Hz has area 1, up to sampling by bins
      expect(area).toBeGreaterThan(0.9);
      expect(area).toBeLessThan(1.1);
      expect(hi).toBeGreaterThan(lo);
    }
  });
});

describe('melSpectrogram and mfcc', () => {
  it('puts a 1 kHz tone in the mel band whose centre is nearest 1 kHz', () => {
    const M = melSpectrogram({ y: sine(1000, 1), nMels: 64 });
    const centres = Array.from({ length: 64 }, (_, m) => melToHz(((m + 1) * hzToMel(11025)) / 65));
    const nearest = argmax(centres.map((c) => -Math.abs(c - 1000)));
    expect(Math.abs(argmax(column(M, 10)) - nearest)).toBeLessThanOrEqual(1);
  });

  it('gives a constant log-mel frame only a 0th coefficient, sqrt(nMels) x the constant', () => {
    const logMel: Matrix = { rows: 128, cols: 3, data: new Float32Array(384).fill(-20) };
    const C = mfcc({ melDb: logMel, nMfcc: 13 });
    expect(C.data[0]).toBeCloseTo(-20 * Math.sqrt(128), 3);
    for (let k = 1; k < 13; k++) expect(Math.abs(C.data[k * 3])).toBeLessThan(1e-4);
  });

  it('floors dB values at the peak minus topDb and never returns NaN on silence', () => {
    const S: Matrix = { rows: 1, cols: 3, data: Float32Array.of(1, 1e-3, 0) };
    expect(Array.from(powerToDb({ S, topDb: 80 }).data)).toEqual([0, -30, -80]);
    const silent = mfcc({ y: new Float32Array(22050) });
    expect(silent.data.every(Number.isFinite)).toBe(true);
  });
});

describeWithData('mel spectrogram and MFCC match librosa-ref frame by frame', () => {
  for (const stem of REF_STEMS) {
    describe(stem, () => {
      let mel: Matrix;
      const ref = () => readLibrosaRef(stem);
      beforeAll(async () => {
        const { y } = await loadAudioFile(audioPath(stem));
        mel = melSpectrogram({ y, padMode: 'reflect' });
      });
      it('mel power within 2e-4 relative (+1e-8 absolute for near-silent bins)', () => {
        const r = ref().features.melspectrogram;
        expect([mel.rows, mel.cols]).toEqual(r.shape_full);
        expectAllClose(firstFrames(mel.data, 128, mel.cols, 200), (r.frames as number[][]).flat(), { rtol: 2e-4, atol: 1e-8, label: 'mel' });
      });
      it('MFCC within 0.01 absolute (values of order 100, float32 reference)', () => {
        const C = mfcc({ melDb: powerToDb({ S: mel, ref: 1, topDb: 80 }) });
        const r = ref().features.mfcc;
        expectAllClose(firstFrames(C.data, 20, C.cols, 200), (r.frames as number[][]).flat(), { atol: 1e-2, label: 'mfcc' });
      });
    });
  }
});
