/**
 * The store's AnalysisEngine over the analysis Web Worker (src/worker): jobs go through the
 * typed AnalysisClient; features reach the store as soon as they exist, then the quick genre,
 * then the one musicnn refined.
 * The worker starts with the first job or warmUp() (not with the page, whose first load stays
 * small). A worker that dies (an uncaught error, out of memory) fails its pending jobs with a
 * clear message and is replaced by a fresh one, so the next file works again.
 * `options.backend` is the inference backend to ask the worker for (backendQuery.ts).
 * explain() asks the same worker for the occlusion map of a genre ("why this genre").
 */
import type { BackendRequest } from '../../model/backend.ts';
import type { Genre } from '../../model/metadata.ts';
import { AnalysisCancelled, AnalysisClient, type GenreOutcome } from '../../worker/analysisClient.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from '../../worker/protocol.ts';
import { toGenreResult } from '../state/genre.ts';
import type { AnalysisEngine, EngineHandlers, EngineJob, EngineOptions } from '../state/ports.ts';
import type { ExplanationJob } from '../state/slices/why.ts';
import { JobCancelled, UserFacingError } from '../state/ports.ts';

type WorkerLike = MessageEndpoint<WorkerEvent, WorkerRequest> & {
  terminate(): void;
  addEventListener(type: 'error', listener: (e: { message?: string; preventDefault?(): void }) => void): void;
};

export function createAnalysisWorker(): WorkerLike {
  return new Worker(new URL('../../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'genrescope-analysis' }) as unknown as WorkerLike;
}

function mapError(err: unknown): Error {
  if (err instanceof AnalysisCancelled) return new JobCancelled(err.message);
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('The analysis engine crashed')) return new UserFacingError(message);
  return err instanceof Error ? err : new Error(message);
}

export class WorkerEngine implements AnalysisEngine {
  private worker: WorkerLike | null = null;
  private client: AnalysisClient | null = null;
  private readonly crashListeners: ((message: string) => void)[] = [];

  constructor(
    private readonly makeWorker: () => WorkerLike = createAnalysisWorker,
    private readonly options: { backend?: BackendRequest } = {},
  ) {}

  private start(): AnalysisClient {
    if (this.client) return this.client;
    const worker = this.makeWorker();
    const client = new AnalysisClient(worker, this.options);
    this.worker = worker;
    this.client = client;
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      if (worker === this.worker) this.crashed(e.message || 'the worker stopped');
    });
    return client;
  }

  private crashed(reason: string): void {
    const old = this.client;
    this.worker?.terminate();
    this.worker = null;
    this.client = null;
    this.start();
    old?.failAll(`The analysis engine crashed (${reason}); drop the file again to retry.`);
    for (const l of this.crashListeners) l(reason);
  }

  /** Starts the worker, loads the models and warms them and the engine up ahead of the first file; resolves once done. */
  warmUp(): Promise<void> {
    return this.start().warmUp();
  }

  /** Test hook: behaves as if the worker had died. */
  simulateCrash(): void {
    this.crashed('simulated crash');
  }

  onCrash(listener: (message: string) => void): void {
    this.crashListeners.push(listener);
  }

  /** The occlusion map of `genre` over `pcm` (mono at `sr`; transferred), after the jobs queued before it. */
  explain(pcm: Float32Array, sr: number, genre: Genre, progress: (fraction: number) => void): ExplanationJob {
    const job = this.start().explain(pcm, sr, genre, progress);
    return {
      done: job.map.catch((err: unknown) => {
        throw mapError(err);
      }),
      cancel: () => job.cancel(),
    };
  }

  analyze(pcm: Float32Array, sr: number, handlers: EngineHandlers, options: EngineOptions = {}): EngineJob {
    const job = this.start().analyze(pcm, sr, (stage, fraction) => handlers.progress(stage, fraction), options);
    const done = (async () => {
      try {
        const { analysis, warnings } = await job.result;
        handlers.features(analysis, warnings);
        const toResult = (g: GenreOutcome) => ('unavailable' in g ? g : toGenreResult(g.prediction, g.backend, g.choice, g.refineError));
        const quick = await job.genre;
        handlers.genre(toResult(quick));
        const final = await job.final;
        if (final !== quick) handlers.genre(toResult(final));
      } catch (err) {
        throw mapError(err);
      }
    })();
    return { done, cancel: () => job.cancel() };
  }
}
