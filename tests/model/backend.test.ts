/**
 * src/model/backend.ts: which WebGL renderer strings name a software rasteriser (the strings are
 * those browsers report through WEBGL_debug_renderer_info), and how the choice of backend
 * follows the renderer and the caller's request. Node's tfjs has no WebGL backend: these tests
 * register one that cannot start (as where a context is refused), so a choice that reaches it
 * falls back to the CPU and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu'; // the fallback these choices reach
import { classifyRenderer, probeWebglRenderer, selectBackend } from '../../src/model/backend.ts';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

describe('classifyRenderer', () => {
  it.each([
    [SWIFTSHADER, 'SwiftShader'],
    ['Google SwiftShader', 'SwiftShader'],
    ['ANGLE (Google, Vulkan 1.1.0 (SwiftShader Device (LLVM 10.0.0) (0x0000C0DE)), SwiftShader driver-5.0.0)', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['Mesa/X.org, llvmpipe (LLVM 12.0.0, 256 bits)', 'llvmpipe'],
    ['softpipe', 'softpipe'],
    ['Gallium 0.4 on softpipe', 'softpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    ['Apple Software Renderer', 'software renderer'],
    ['Software Rasterizer', 'software renderer'],
  ])('%s is a software rasteriser (%s)', (renderer, name) => {
    expect(classifyRenderer(renderer)).toEqual({ kind: 'software', name });
  });

  it.each([
    'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    'ANGLE (Apple, ANGLE Metal Renderer: Apple M1, Unspecified Version)',
    'Mali-G78',
    'Adreno (TM) 650',
    'AMD Radeon Pro 5500M OpenGL Engine',
  ])('%s is hardware', (renderer) => {
    expect(classifyRenderer(renderer)).toEqual({ kind: 'hardware', name: null });
  });

  it.each([null, undefined, '', '   ', 'WebKit WebGL', 'Mozilla'])('%j says nothing about the device', (renderer) => {
    expect(classifyRenderer(renderer).kind).toBe('unknown');
  });
});

describe('selectBackend', () => {
  let starts = 0;
  beforeAll(() => {
    tf.registerBackend('webgl', () => {
      starts++;
      throw new Error('WebGL is not available here');
    });
  });
  afterAll(() => {
    tf.removeBackend('webgl');
  });

  it('finds no WebGL to probe in Node', () => {
    expect(probeWebglRenderer()).toBeNull();
  });

  it('passes over WebGL on a software rasteriser without starting it, and says why', async () => {
    starts = 0;
    const choice = await selectBackend(['webgl', 'cpu'], { probeRenderer: () => SWIFTSHADER });
    expect(choice).toEqual({
      backend: 'cpu',
      requested: 'auto',
      renderer: SWIFTSHADER,
      skipped: [{ backend: 'webgl', code: 'software-renderer', reason: 'software rasteriser (SwiftShader)' }],
    });
    expect(tf.getBackend()).toBe('cpu');
    expect(starts).toBe(0);
  });

  it('tries WebGL on a GPU (here it cannot start: the CPU takes over, with the error)', async () => {
    starts = 0;
    const choice = await selectBackend(['webgl', 'cpu'], { probeRenderer: () => 'Adreno (TM) 650' });
    expect(starts).toBe(1);
    expect(choice.backend).toBe('cpu');
    expect(choice.renderer).toBe('Adreno (TM) 650');
    expect(choice.skipped).toEqual([{ backend: 'webgl', code: 'failed', reason: 'failed to initialise' }]);
  });

  it('tries WebGL first when it is requested, even on a software rasteriser', async () => {
    starts = 0;
    const choice = await selectBackend(['webgl', 'wasm', 'cpu'], { request: 'webgl', probeRenderer: () => SWIFTSHADER });
    expect(choice.requested).toBe('webgl');
    expect(choice.skipped.map((s) => [s.backend, s.code])).toEqual([
      ['webgl', 'failed'],
      ['wasm', 'not-registered'],
    ]);
    expect(choice.backend).toBe('cpu');
    expect(starts).toBe(1);
  });

  it('goes straight to the CPU when the CPU is requested, without looking at WebGL', async () => {
    let probed = 0;
    const choice = await selectBackend(undefined, {
      request: 'cpu',
      probeRenderer: () => {
        probed++;
        return SWIFTSHADER;
      },
    });
    expect(choice).toEqual({ backend: 'cpu', requested: 'cpu', renderer: null, skipped: [] });
    expect(probed).toBe(0);
  });
});
