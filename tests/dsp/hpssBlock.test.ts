import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hpssBlock } from '../../src/dsp/decompose/hpssBlock.ts';
import { resolveHpss } from '../../src/dsp/decompose/hpss.ts';
import { hpssWaveforms, type HpssWaveformOptions } from '../../src/dsp/decompose/hpssWaveforms.ts';
import { compileKernel, KERNELS, kernelModule } from '../../scripts/build-wasm.ts';
import { clickTrack, sine, sum, whiteNoise } from '../support/signals.ts';

function expectIdentical(a: Float32Array, b: Float32Array, label: string): void {
  expect(a.length, label).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    // Object.is: +0 and -0 must match too
    if (!Object.is(a[i], b[i])) expect.fail(`${label}: index ${i}: ${a[i]} (wasm) != ${b[i]} (js)`);
  }
}

/**
 * A signal with what the kernels treat specially: silence (zero medians), a whisper whose
 * medians straddle float32's tiny (the masks' 0.5 rule), exact repeats (ties), a loud burst.
 */
function awkwardSignal(seconds: number): Float32Array {
  const sr = 22050;
  const y = sum(whiteNoise(seconds, { amplitude: 0.2, seed: 3 }), sine(440, seconds), clickTrack(100, seconds).y);
  y.fill(0, Math.floor(0.3 * sr), Math.floor(0.9 * sr));
  for (let i = Math.floor(0.5 * sr); i < Math.floor(0.7 * sr); i++) y[i] = ((i * 7919) % 13) * 1e-41;
  for (let i = Math.floor(1.2 * sr); i < Math.floor(1.4 * sr); i++) y[i] = (i % 7) / 7 - 0.5;
  for (let i = Math.floor(1.6 * sr); i < Math.floor(1.62 * sr); i++) y[i] *= 40;
  return y;
}

describe('HPSS block engines (WebAssembly SIMD and JavaScript)', () => {
  const base = { nFft: 2048, hop: 512, maxLoaded: 40, block: 10, window: new Float64Array(2048), synthesis: new Float64Array(2048), keepRows: false };

  it('runs the WebAssembly kernels in Node for kernel size 31, JavaScript otherwise', () => {
    expect(hpssBlock({ ...base, hpss: resolveHpss({}) }).engine).toBe('wasm');
    expect(hpssBlock({ ...base, hpss: resolveHpss({}), engine: 'js' }).engine).toBe('js');
    expect(hpssBlock({ ...base, hpss: resolveHpss({ kernelSize: 17 }) }).engine).toBe('js');
  });

  it('refuses to run a WebAssembly block once a newer one has taken over the shared memory', () => {
    const a = hpssBlock({ ...base, hpss: resolveHpss({}) });
    const b = hpssBlock({ ...base, hpss: resolveHpss({}) });
    expect(() => a.windowFrame(0)).toThrow(/newer one/);
    expect(() => b.windowFrame(0)).not.toThrow();
  });

  const cases: [string, Partial<HpssWaveformOptions>, number][] = [
    ['GTZAN conventions (reflect, librosa 0.7 length), keeping |STFT|', { padMode: 'reflect', lengthConvention: 'librosa-0.7', keepMagnitude: true }, 3],
    ['constant padding, small odd blocks (partial SIMD groups)', { padMode: 'constant', blockFrames: 7, keepMagnitude: true }, 2.1],
    ['edge padding, not centred', { padMode: 'edge', center: false }, 2.3],
    ['a clip shorter than one median window (18 frames)', { padMode: 'reflect' }, 0.4],
    ['another FFT size and hop, masks with margins (JavaScript masks over WebAssembly medians)', { nFft: 1024, hopLength: 256, margin: 2 }, 1.7],
    ['tiny FFTs (nBins 9: fewer bins than the median window, not a multiple of 4), one-frame blocks', { nFft: 16, hopLength: 5, blockFrames: 1, keepMagnitude: true }, 0.05],
    ['a signal of two frames', { nFft: 2048, hopLength: 512, center: false }, 2600 / 22050],
  ];

  for (const [label, options, seconds] of cases) {
    it(`gives bit-identical waveforms and |STFT|: ${label}`, () => {
      const y = awkwardSignal(seconds);
      const wasm = hpssWaveforms({ y, ...options });
      const js = hpssWaveforms({ y, ...options, engine: 'js' });
      expect([wasm.engine, js.engine]).toEqual(['wasm', 'js']);
      expectIdentical(wasm.harmonic, js.harmonic, 'harmonic');
      expectIdentical(wasm.percussive, js.percussive, 'percussive');
      if (options.keepMagnitude) expectIdentical(wasm.magnitude!.data, js.magnitude!.data, '|STFT|');
      // not a vacuous comparison: both parts carry signal
      expect(wasm.harmonic.some((v) => Math.abs(v) > 1e-4)).toBe(true);
      expect(wasm.percussive.some((v) => Math.abs(v) > 1e-4)).toBe(true);
    });
  }
});

describe('generated WebAssembly modules', () => {
  it('equal a fresh build of their AssemblyScript sources (npm run build:wasm)', async () => {
    for (const kernel of KERNELS) {
      const binary = await compileKernel(kernel);
      expect(readFileSync(kernel.output, 'utf8'), `${kernel.output} is stale: run npm run build:wasm`).toBe(kernelModule(kernel, binary));
    }
  }, 60_000);
});
