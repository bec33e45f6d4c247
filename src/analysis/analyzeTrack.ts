/** The whole analysis of one mono PCM buffer, stage by stage, awaiting `checkpoint` before each. */
import { trackStages } from './trackStages.ts';
import type { Checkpoint, TrackAnalysis } from './types.ts';

export async function analyzeTrack(y: Float32Array, { sr = 22050, checkpoint }: { sr?: number; checkpoint?: Checkpoint } = {}): Promise<TrackAnalysis> {
  const stages = trackStages(y, sr);
  for (;;) {
    const step = stages.next();
    if (step.done) return step.value;
    await checkpoint?.(step.value[0], step.value[1]);
  }
}
