/**
 * Node's tfjs backends: WebAssembly (XNNPACK with SIMD: musicnn takes about 140 ms a patch there
 * on this 2-core machine, 4.4 s on the plain CPU backend), falling back to the plain CPU backend
 * where it cannot start. Only tfjs-core and the two backends load here, not the tfjs bundle
 * (layers, converter, data, WebGL), so a thread that runs musicnn alone starts 0.2 s sooner.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm'; // registers 'wasm'; in Node it reads its .wasm from node_modules
import '@tensorflow/tfjs-backend-cpu';
import { selectBackend, type BackendChoice } from '../model/backend.ts';

/** The fastest backend Node has: WebAssembly, else the plain CPU backend (no WebGL in Node). */
export async function selectNodeBackend(): Promise<BackendChoice> {
  tf.env().set('PROD', true); // the banner about tfjs-node goes through tfjs's warn(), which PROD mutes
  return selectBackend(['wasm', 'cpu']);
}
