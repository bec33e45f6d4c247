/// <reference lib="webworker" />
/**
 * The tfjs backends a worker may run on, registered for their effect by every worker that runs
 * tfjs (the analysis worker and the musicnn helper) before any backend starts: WebGL, the
 * WebAssembly backend with the URLs where the bundle put its binaries, and the plain CPU backend.
 * tfjs-core and these alone, not the tfjs bundle, whose converter and data packages the page never uses.
 */
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });
