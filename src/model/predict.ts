/**
 * Running the two tfjs models on prepared inputs. Every tensor is created and released here
 * (tf.tidy for the graph, explicit dispose for the one output read asynchronously), so a caller
 * never holds a tensor and tf.memory().numTensors is unchanged after each call.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CnnWindows } from './windowing.ts';
import type { TableMetadata } from './metadata.ts';

/** Windows per forward pass: bounds memory on long tracks without slowing short ones. */
const BATCH = 16;

async function predictBatch(model: LayersModel, data: Float32Array, shape: number[]): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(tf.tensor(data, shape, 'float32')) as tf.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** Softmax outputs of the CNN for every window: nWindows x nClasses, row-major. */
export async function predictCnnWindows(model: LayersModel, w: CnnWindows, nClasses: number): Promise<Float32Array> {
  const n = w.starts.length;
  const size = w.frames * w.nMels;
  const out = new Float32Array(n * nClasses);
  for (let b = 0; b < n; b += BATCH) {
    const m = Math.min(BATCH, n - b);
    const probs = await predictBatch(model, w.data.subarray(b * size, (b + m) * size), [m, w.frames, w.nMels, 1]);
    out.set(probs, b * nClasses);
  }
  return out;
}

/**
 * The table model's input: log of the variance columns (floored), then standardised with the
 * training rows' statistics. Returns null when the vector has the wrong length or a non-finite
 * value, so the caller falls back to the CNN alone instead of trusting garbage.
 */
export function tableInput(features: ArrayLike<number>, meta: TableMetadata): Float32Array | null {
  const n = meta.featureNames.length;
  if (features.length !== n) return null;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = features[i];
    if (!Number.isFinite(v)) return null;
    if (meta.transforms[i] === 'log') v = Math.log(Math.max(v, meta.logFloor));
    x[i] = (v - meta.mean[i]) / meta.std[i];
  }
  return x;
}

/** Softmax output of the table model for one standardised feature vector. */
export async function predictTable(model: LayersModel, x: Float32Array): Promise<Float32Array> {
  return predictBatch(model, x, [1, x.length]);
}
