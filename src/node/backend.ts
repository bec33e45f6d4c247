/**
 * Node's tfjs backends: WebAssembly (XNNPACK with SIMD: musicnn takes about 140 ms a patch there
 * on this 2-core machine, 4.4 s on the plain CPU backend), falling back to the plain CPU backend
 * where it cannot start. Only tfjs-core and the two backends load here, not the tfjs bundle
 * (layers, converter, data, WebGL), so a thread that runs musicnn alone starts 0.2 s sooner.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { selectBackend, type BackendChoice } from '../model/backend.ts';

// The .wasm binaries from the package's own folder, also where this module is bundled (dist/cli) away from it.
setWasmPaths(`${join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);

/** The fastest backend Node has: WebAssembly, else the plain CPU backend (no WebGL in Node). */
export async function selectNodeBackend(): Promise<BackendChoice> {
  tf.env().set('PROD', true); // the banner about tfjs-node goes through tfjs's warn(), which PROD mutes
  return selectBackend(['wasm', 'cpu']);
}
