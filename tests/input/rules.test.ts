/**
 * The input rules (src/input): what is refused and why, how much of a long source is decoded, and
 * the warnings each kind of source earns, on signals made here. The same module serves the page's
 * worker and the CLI; tests/cli/inputRules.test.ts checks the CLI end to end.
 */
import { describe, expect, it } from 'vitest';
import { checkFileSize, checkSource, InputRejected, MAX_ANALYSIS_SEC, sourceWarnings, type SourceDescription } from '../../src/input/rules.ts';
import { measureSignal, signalWarnings } from '../../src/input/signalWarnings.ts';
import { inputWarnings } from '../../src/input/warnings.ts';
import { decodeAudio } from '../../src/node/decodeAudio.ts';
import { progression, sine, whiteNoise } from '../support/signals.ts';
import { encodePcm16 } from '../support/wav.ts';

const source = (o: Partial<SourceDescription> = {}): SourceDescription => ({ sampleRate: 44100, channels: 2, durationSec: 30, analysedSec: 30, cut: false, ...o });
const codes = (ws: { code: string }[]) => ws.map((w) => w.code);

describe('what cannot be analysed', () => {
  it('refuses an empty file, no samples, an impossible sample rate and less than half a second, each with its reason', () => {
    const rejection = (f: () => void) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(InputRejected);
        return `${(err as InputRejected).code}: ${(err as Error).message}`;
      }
      return null;
    };
    expect(rejection(() => checkFileSize(0))).toBe('empty: the file is empty (0 bytes)');
    expect(rejection(() => checkFileSize(1))).toBeNull();
    expect(rejection(() => checkSource(source({ channels: 0 })))).toMatch(/^no-audio: /);
    expect(rejection(() => checkSource(source({ sampleRate: 12 })))).toMatch(/^sample-rate: .*12 Hz/);
    expect(rejection(() => checkSource(source({ analysedSec: 0.4, durationSec: 0.4 })))).toBe('too-short: too short to analyse: 0.40 s of audio (at least 0.5 s needed)');
    expect(rejection(() => checkSource(source({ analysedSec: 0.5, durationSec: 0.5 })))).toBeNull();
    // the page's decoder does not know the source rate: no rate, no rate check
    expect(rejection(() => checkSource(source({ sampleRate: null })))).toBeNull();
  });
});

describe('warnings from the source', () => {
  it('names a downmix of more than two channels, a cut, a truncation and a clip shorter than a model window', () => {
    expect(sourceWarnings(source())).toEqual([]);
    expect(codes(sourceWarnings(source({ channels: 6 })))).toEqual(['downmixed']);
    expect(sourceWarnings(source({ channels: 6 }))[0].message).toMatch(/^6 channels were mixed down/);
    const cut = sourceWarnings(source({ durationSec: 3600, analysedSec: MAX_ANALYSIS_SEC, cut: true }));
    expect(cut).toEqual([{ code: 'cut', message: expect.stringMatching(/^Only the first 10 min 00 s of 1 h 00 min were analysed/) }]);
    expect(codes(sourceWarnings(source({ durationSec: 30, analysedSec: 12 })))).toEqual(['truncated']);
    expect(codes(sourceWarnings(source({ durationSec: 2, analysedSec: 2 })))).toEqual(['short']);
  });
});

describe('warnings from the signal', () => {
  const sr = 22050;
  /** Chords over a little noise, so that the band is full as in a recording. */
  const music = () => {
    const y = progression([[60, 64, 67], [65, 69, 72]], 3, { sr, amplitude: 0.3 });
    const n = whiteNoise(6, { sr, amplitude: 0.02 });
    for (let i = 0; i < y.length; i++) y[i] += n[i];
    return y;
  };

  it('a full-band, unclipped signal at a normal level earns none', () => {
    expect(signalWarnings(measureSignal(music(), sr))).toEqual([]);
  });

  it('narrow band: a recording at 8 kHz, brought to the engine rate, has nothing above 4 kHz', async () => {
    const tel = progression([[60, 64, 67], [65, 69, 72]], 3, { sr: 8000, amplitude: 0.3 });
    const n = whiteNoise(6, { sr: 8000, amplitude: 0.02 });
    for (let i = 0; i < tel.length; i++) tel[i] += n[i];
    const { y } = await decodeAudio(encodePcm16([Array.from(tel, (v) => Math.round(v * 32767))], 8000));
    const m = measureSignal(y, sr);
    expect(m.highBandShare).toBeLessThan(1e-5);
    expect(codes(signalWarnings(m))).toEqual(['narrow-band']);
  });

  it('heavy clipping: a signal driven 4x past full scale; a loud one that peaks at full scale is not', () => {
    const loud = music().map((v) => v * 3.2); // peaks near 1, flat tops nowhere
    const peak = loud.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const scaled = loud.map((v) => (0.999 * v) / peak);
    expect(signalWarnings(measureSignal(scaled, sr))).toEqual([]);
    const clipped = scaled.map((v) => Math.max(-1, Math.min(1, 4 * v)));
    const w = signalWarnings(measureSignal(clipped, sr));
    expect(codes(w)).toEqual(['clipping']);
    expect(w[0].message).toMatch(/^Heavy clipping: \d+\.\d % of the samples/);
  });

  it('very low level: a peak at -40 dBFS warns; silence is left to the no-music verdict', () => {
    const quiet = music().map((v) => 0.03 * v); // peak near -40 dBFS
    expect(codes(signalWarnings(measureSignal(quiet, sr)))).toEqual(['low-level']);
    expect(signalWarnings(measureSignal(new Float32Array(4 * sr), sr))).toEqual([]);
  });

  it('inputWarnings lists the source warnings, then the signal ones', () => {
    const y = sine(440, 2, { sr, amplitude: 0.01 }); // a pure tone is narrow band too
    expect(codes(inputWarnings(y, sr, source({ channels: 8, durationSec: 2, analysedSec: 2 })))).toEqual(['downmixed', 'short', 'narrow-band', 'low-level']);
  });
});

describe('bounded decoding', () => {
  it('decodes only the opening MAX_ANALYSIS_SEC of a longer file, and says it cut it and how long the whole is', async () => {
    const rate = 1000; // a low rate keeps an 11-minute file small; decoding at that rate skips resampling
    const minutes = 11;
    const tone = Array.from({ length: minutes * 60 * rate }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const { y, source: s } = await decodeAudio(encodePcm16([tone], rate), { sr: rate });
    expect(y.length).toBe(MAX_ANALYSIS_SEC * rate);
    expect(s).toEqual({ sampleRate: rate, channels: 1, durationSec: minutes * 60, analysedSec: MAX_ANALYSIS_SEC, cut: true });
    expect(codes(sourceWarnings(s))).toEqual(['cut']);
  });

  it('keeps what a WAV truncated mid-data holds, and warns that the header announced more', async () => {
    const bytes = encodePcm16([Array.from({ length: 4 * 22050 }, (_, i) => Math.round(8000 * Math.sin(i / 5)))], 22050);
    const { y, source: s } = await decodeAudio(bytes.subarray(0, 44 + 2 * 22050));
    expect(y.length).toBe(22050);
    expect(s.durationSec).toBe(4);
    expect(codes(sourceWarnings(s))).toEqual(['truncated', 'short']);
  });
});
