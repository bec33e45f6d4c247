/**
 * The main thread's side of the musicnn helper thread (musicnnHelper.ts) for a command that runs
 * its files here: each file's musicnn patches are shared with it (src/worker/patchSharing.ts),
 * so one 30 s clip uses both cores of a 2-core machine. The thread does not keep the process
 * alive between files, and if it fails every patch runs here. Light to import (no tfjs): the
 * command starts the thread before it loads its own modules.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MusicnnSharing, PatchRunner } from '../model/musicnn/predict.ts';
import { defaultModelsDir, packageRoot } from '../node/packageRoot.ts';
import { PatchSharing, type HelperEvent, type HelperRequest } from '../worker/patchSharing.ts';
import { nodePortEndpoint } from '../node/threadEndpoint.ts';

export interface MusicnnHelper {
  /** Shares one track's patches (mono PCM at `sr`) with the helper, `local` running this thread's share; call `release` once it is done. */
  begin(local: PatchRunner, pcm: Float32Array, sr: number): { sharing: MusicnnSharing; release(): void };
}

/** Starts the helper thread, or returns null on a single core (where it would only compete). */
export function startMusicnnHelper(modelsDir = defaultModelsDir, entry: string = join(packageRoot, 'bin', 'musicnn-helper.js')): MusicnnHelper | null {
  if (availableParallelism() < 2) return null;
  const worker = new Worker(entry, { workerData: { modelsDir } });
  const link = new PatchSharing(nodePortEndpoint<HelperEvent, HelperRequest>(worker));
  worker.on('error', (err) => link.lose(err.message));
  worker.on('exit', () => link.lose('the musicnn helper thread exited'));
  worker.unref(); // after the listeners: a 'message' listener refs the thread's port again
  return {
    begin(local, pcm, sr) {
      worker.ref(); // the file's answer waits on the thread's messages
      const job = link.begin(pcm, sr);
      return {
        sharing: job.sharing(local),
        release() {
          job.release();
          worker.unref();
        },
      };
    },
  };
}
