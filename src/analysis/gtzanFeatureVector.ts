/**
 * gtzanFeatureVector(y, sr): the 57 values of the GTZAN feature table (GTZAN_FEATURE_NAMES
 * order) for one clip, computed as the table was (../shared/data/README.md).
 */
import { trackStages } from './trackStages.ts';

export function gtzanFeatureVector(y: Float32Array, sr = 22050): Float64Array {
  const stages = trackStages(y, sr);
  for (;;) {
    const step = stages.next();
    if (step.done) return step.value.gtzanFeatures;
  }
}

export { GTZAN_FEATURE_NAMES } from '../dsp/gtzan/columns.ts';
