/**
 * The store's GenreExplainer in the browser ("why this genre"): the track's audio, fetched back
 * from its playback object URL and decoded again as when it was dropped (the PCM the analysis had
 * was handed to the worker and is gone), then the occlusion map in the analysis worker
 * (WorkerEngine.explain). Decoding a 30 s file takes about 0.3 s of the map's 20.
 */
import { JobCancelled, type AudioDecoder } from '../state/ports.ts';
import type { ExplanationJob, GenreExplainer } from '../state/slices/why.ts';
import type { WorkerEngine } from './workerEngine.ts';

export function audioExplainer(decoder: AudioDecoder, engine: Pick<WorkerEngine, 'explain'>): GenreExplainer {
  return {
    explain(audio, genre, progress) {
      let cancelled = false;
      let job: ExplanationJob | null = null;
      const done = (async () => {
        const blob = await (await fetch(audio.url)).blob();
        const { pcm, sr } = await decoder.decode(blob, audio.name);
        if (cancelled) throw new JobCancelled('cancelled before the map started');
        job = engine.explain(pcm, sr, genre, progress);
        return job.done;
      })();
      return {
        done,
        cancel: () => {
          cancelled = true;
          job?.cancel();
        },
      };
    },
  };
}
