/**
 * The speech score of each musicnn patch: a linear discriminant on the 200-unit embedding (fitted
 * by training/calibrateNoMusic.ts between train music and synthetic speech), scaled so that train
 * music's patches have mean 0 and standard deviation 1. Speech lies far along it.
 */
import type { PatchOutputs } from '../musicnn/predict.ts';
import type { NoMusicMetadata } from './metadata.ts';

export function speechScores(outputs: PatchOutputs, meta: NoMusicMetadata): Float64Array {
  const w = meta.speech.weights;
  const e = w.length;
  if (outputs.penultimate.length !== outputs.nPatches * e) throw new Error(`the no-music speech weights take ${e} embedding values, musicnn gives ${outputs.penultimate.length / Math.max(1, outputs.nPatches)}`);
  const out = new Float64Array(outputs.nPatches);
  for (let i = 0; i < outputs.nPatches; i++) {
    let s = meta.speech.bias;
    for (let j = 0; j < e; j++) s += w[j] * outputs.penultimate[i * e + j];
    out[i] = s;
  }
  return out;
}
