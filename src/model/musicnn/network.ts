/**
 * musicnn's forward pass (Pons & Serra 2019) in tfjs ops, from the Keras weights by name
 * (training/convert_musicnn.py keeps the Keras layer and weight names). It follows the layer
 * table of ../shared/models/musicnn/README.md and its PyTorch reference (musicnn_torch.py):
 *
 *   input BN -> timbral convs 7x38 and 7x67 (time padded 3/3) and temporal convs 128x1, 64x1, 32x1
 *   ('same'), each ReLU -> BN -> max over frequency; concatenated (561 channels) -> three 7-frame
 *   1-D convs with residuals (64 each) -> concat (753) -> max and mean over time, interleaved ->
 *   BN -> dense 200, ReLU, BN (the embedding) -> dense 50 -> sigmoid (the tags).
 *
 * Inference-mode batch norm is an affine map per channel, folded once here into a scale and a
 * shift computed in float64 from the stored statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MusicnnMetadata } from './metadata.ts';

interface Affine {
  scale: tf.Tensor1D;
  shift: tf.Tensor1D;
}

/**
 * A front-end branch, conv -> ReLU -> BN -> max over frequency, rewritten so that the one large
 * tensor (batch x frames x bands x filters) sees only the convolution and the max: BN is
 * monotone per channel, increasing where its scale is positive and decreasing elsewhere, and
 * ReLU commutes with max, so max_f BN(ReLU(z)) = BN(ReLU(max_f z)) for the first kind and
 * BN(ReLU(-max_f(-z))) for the second. The kernel and bias of the second kind are stored negated
 * (`sign` -1) and the result is BN(ReLU(sign * max_f(conv))), exactly.
 *
 * The input has one channel, which XNNPACK's convolution handles poorly: each of its
 * (output pixel x tap) pointers reads a single value, and the pointer table of a 7x38 filter is
 * 12 MB. So `spread` first copies `n` neighbouring taps into n channels (a one-hot convolution,
 * exact: each output is one input times 1), along frequency for the timbral filters (all 38 or 67
 * of them) and along time for the temporal ones (8 at a time, the rest reached by dilation), and
 * the kernel is regrouped to read them: the same sums, 2.4x faster on the wasm backend.
 */
interface FrontConv {
  /** One-hot [n, 1, 1, n] (time) or [1, n, 1, n] (frequency) kernel. */
  spread: tf.Tensor4D;
  kernel: tf.Tensor4D;
  dilation: [number, number];
  /** Rows of time padding before and after: 3/3 for the 7-frame timbral filters, TensorFlow's 'same' for the others. */
  pad: [number, number];
  bias: tf.Tensor1D;
  sign: tf.Tensor1D;
  bn: Affine;
}

/** Temporal taps spread into channels at a time (the rest by dilation): 8 measured fastest for 128, 64 and 32. */
const TIME_SPREAD = 8;

interface Conv1d {
  kernel: tf.Tensor3D;
  bias: tf.Tensor1D;
  bn: Affine;
}

export interface MusicnnNetwork {
  meta: MusicnnMetadata;
  inputBn: Affine;
  timbral: FrontConv[];
  temporal: FrontConv[];
  midend: Conv1d[];
  flatBn: Affine;
  dense: { kernel: tf.Tensor2D; bias: tf.Tensor1D; bn: Affine };
  out: { kernel: tf.Tensor2D; bias: tf.Tensor1D };
}

export interface MusicnnOutputs {
  /** batch x tags, sigmoid probabilities */
  taggram: tf.Tensor2D;
  /** batch x embeddingSize: the penultimate layer (after bn_dense) */
  penultimate: tf.Tensor2D;
}

function take(weights: tf.NamedTensorMap, name: string): tf.Tensor {
  const t = weights[name];
  if (!t) throw new Error(`musicnn weights have no "${name}"`);
  return t;
}

function affine(weights: tf.NamedTensorMap, layer: string, eps: number): Affine {
  const [g, b, m, v] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((k) => take(weights, `${layer}/${k}`).dataSync());
  const scale = new Float32Array(g.length);
  const shift = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const s = g[i] / Math.sqrt(v[i] + eps);
    scale[i] = s;
    shift[i] = b[i] - m[i] * s;
  }
  return { scale: tf.tensor1d(scale), shift: tf.tensor1d(shift) };
}

/**
 * Builds the network's tensors from decoded weights (tf.io.decodeWeights of the manifest); they
 * live as long as the page or process (one network, loaded once). `weights` may be freed after.
 */
export function createMusicnn(meta: MusicnnMetadata, weights: tf.NamedTensorMap): MusicnnNetwork {
  const eps = meta.batchNormEpsilon;
  const conv = (layer: string, bnLayer: string): FrontConv => {
    const bn = affine(weights, bnLayer, eps);
    const sign = tf.tidy(() => tf.sub(tf.mul(tf.cast(tf.greaterEqual(bn.scale, 0), 'float32'), 2), 1)) as tf.Tensor1D;
    const k = take(weights, `${layer}/kernel`) as tf.Tensor4D;
    const [height, width, , filters] = k.shape;
    const alongTime = width === 1;
    const n = alongTime ? TIME_SPREAD : width;
    if (alongTime && height % n !== 0) throw new Error(`musicnn ${layer}: ${height} taps do not split into groups of ${n}`);
    const before = alongTime ? Math.floor((height - 1) / 2) : (height - 1) / 2;
    return {
      spread: tf.tidy(() => tf.reshape(tf.eye(n), alongTime ? [n, 1, 1, n] : [1, n, 1, n])),
      // [kh, kw, 1, F] -> [kh / n, 1, n, F] (time) or [kh, 1, kw, F] (frequency): the same values in the same order
      kernel: tf.tidy(() => tf.reshape(tf.mul(k, sign), alongTime ? [height / n, 1, n, filters] : [height, 1, width, filters])),
      dilation: alongTime ? [n, 1] : [1, 1],
      pad: [before, height - 1 - before],
      bias: tf.mul(take(weights, `${layer}/bias`), sign),
      sign,
      bn,
    };
  };
  // Keras holds the mid-end kernels as (7, C, 1, 64) over a (time, channel, 1) image: a 1-D conv over time.
  const conv1d = (i: number): Conv1d => {
    const k = take(weights, `midend_conv${i}/kernel`) as tf.Tensor4D;
    const [width, channels, , filters] = k.shape;
    return {
      kernel: tf.reshape(k, [width, channels, filters]),
      bias: tf.clone(take(weights, `midend_conv${i}/bias`)) as tf.Tensor1D,
      bn: affine(weights, `bn_midend_conv${i}`, eps),
    };
  };
  return {
    meta,
    inputBn: affine(weights, 'batch_normalization', eps),
    timbral: [conv('conv2d', 'batch_normalization_1'), conv('conv2d_1', 'batch_normalization_2')],
    temporal: [2, 3, 4].map((i) => conv(`conv2d_${i}`, `batch_normalization_${i + 1}`)),
    midend: [1, 2, 3].map(conv1d),
    flatBn: affine(weights, 'bn_flatpool', eps),
    dense: { kernel: tf.clone(take(weights, 'dense/kernel')) as tf.Tensor2D, bias: tf.clone(take(weights, 'dense/bias')) as tf.Tensor1D, bn: affine(weights, 'bn_dense', eps) },
    out: { kernel: tf.clone(take(weights, 'dense_1/kernel')) as tf.Tensor2D, bias: tf.clone(take(weights, 'dense_1/bias')) as tf.Tensor1D },
  };
}

function applyAffine<T extends tf.Tensor>(x: T, a: Affine): T {
  return tf.add(tf.mul(x, a.scale), a.shift) as T;
}

/** max over frequency of BN(ReLU(conv)), as FrontConv explains: batch x frames x filters. */
function frontEndBranch(x: tf.Tensor4D, c: FrontConv): tf.Tensor3D {
  return tf.tidy(() => {
    const spread = tf.conv2d(tf.pad(x, [[0, 0], c.pad, [0, 0], [0, 0]]), c.spread, 1, 'valid');
    const z = tf.fused.conv2d({ x: spread, filter: c.kernel, bias: c.bias, strides: 1, pad: 'valid', dilations: c.dilation });
    const bands = z.shape[2];
    const peak = tf.squeeze(tf.maxPool(z, [1, bands], [1, bands], 'valid'), [2]) as tf.Tensor3D;
    return applyAffine(tf.relu(tf.mul(peak, c.sign)) as tf.Tensor3D, c.bn);
  });
}

/**
 * The forward pass on a batch of log-mel patches (batch x frames x mels x 1, time-major as the
 * Keras model takes them). Call inside tf.tidy; the outputs are the caller's.
 */
export function musicnnForward(net: MusicnnNetwork, patches: tf.Tensor4D): MusicnnOutputs {
  const x = applyAffine(patches, net.inputBn);
  const front = tf.concat([...net.timbral, ...net.temporal].map((c) => frontEndBranch(x, c)), 2);
  const layers: tf.Tensor3D[] = [front];
  let h = front;
  net.midend.forEach((c, i) => {
    const z = tf.add(tf.conv1d(tf.pad(h, [[0, 0], [3, 3], [0, 0]]), c.kernel, 1, 'valid'), c.bias);
    const y = applyAffine(tf.relu(z) as tf.Tensor3D, c.bn);
    h = i === 0 ? y : tf.add(y, h) as tf.Tensor3D;
    layers.push(h);
  });
  const features = tf.concat(layers, 2); // batch x frames x 753
  const batch = features.shape[0];
  // Keras flattens the (753, 2) pool as max0, mean0, max1, mean1, ...
  const pooled = tf.reshape(tf.stack([tf.max(features, 1), tf.mean(features, 1)], 2), [batch, -1]);
  const flat = applyAffine(pooled, net.flatBn);
  const penultimate = applyAffine(tf.relu(tf.add(tf.matMul(flat, net.dense.kernel), net.dense.bias)), net.dense.bn) as tf.Tensor2D;
  const taggram = tf.sigmoid(tf.add(tf.matMul(penultimate, net.out.kernel), net.out.bias)) as tf.Tensor2D;
  return { taggram, penultimate };
}
