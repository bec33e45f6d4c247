/**
 * The app side of the protocol: one worker, many jobs. analyze() transfers the PCM to the
 * worker; its `result` resolves with the features, its `genre` with the models' quick answer
 * after them and `final` with the answer musicnn refined; cancel() stops that job only.
 */
import type { TrackAnalysis } from '../analysis/types.ts';
import type { BackendChoice, BackendName, BackendRequest } from '../model/backend.ts';
import type { OcclusionMap } from '../model/explain/occlusion.ts';
import type { Genre } from '../model/metadata.ts';
import type { GenrePrediction } from '../model/types.ts';
import type { InputWarning, SourceDescription } from '../input/rules.ts';
import type { JobStage, MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';

export class AnalysisCancelled extends Error {
  override readonly name = 'AnalysisCancelled';
}

export type GenreOutcome = { prediction: GenrePrediction; backend: BackendName; choice?: BackendChoice; refineError?: string } | { unavailable: string };

/** The features and the input warnings. */
export interface AnalysisResult {
  analysis: TrackAnalysis;
  warnings: InputWarning[];
}

export interface AnalysisJob {
  jobId: number;
  result: Promise<AnalysisResult>;
  /** The quick genre, after the features; rejects like `result` if the job fails before it. */
  genre: Promise<GenreOutcome>;
  /** The final genre (the quick one's outcome again where no refinement followed). */
  final: Promise<GenreOutcome>;
  cancel(): void;
}

export interface ExplainJob {
  jobId: number;
  map: Promise<OcclusionMap>;
  cancel(): void;
}

interface Settler<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

interface Pending {
  features: Settler<AnalysisResult> & { settled: boolean };
  genre: Settler<GenreOutcome>;
  final: Settler<GenreOutcome>;
  onProgress?: (stage: JobStage, fraction: number) => void;
}

interface PendingExplain {
  map: Settler<OcclusionMap>;
  onProgress?: (fraction: number) => void;
}

export class AnalysisClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly explaining = new Map<number, PendingExplain>();
  private readonly warming: (() => void)[] = [];

  /** `backend`: the backend the models should load on, sent with every request that may load them. */
  constructor(
    private readonly worker: MessageEndpoint<WorkerEvent, WorkerRequest>,
    private readonly options: { backend?: BackendRequest } = {},
  ) {
    worker.addEventListener('message', ({ data }) => this.onEvent(data));
  }

  /** Starts analysing `pcm` (mono at `sr`); the buffer is transferred and unusable afterwards. `source`: see the protocol. */
  analyze(pcm: Float32Array, sr: number, onProgress?: Pending['onProgress'], { refine = true, source }: { refine?: boolean; source?: SourceDescription } = {}): AnalysisJob {
    const jobId = this.nextId++;
    const settler = <T>(): [Promise<T>, Settler<T>] => {
      let s!: Settler<T>;
      const promise = new Promise<T>((resolve, reject) => (s = { resolve, reject }));
      return [promise, s];
    };
    const [result, features] = settler<AnalysisResult>();
    const [genre, genreSettler] = settler<GenreOutcome>();
    const [final, finalSettler] = settler<GenreOutcome>();
    genre.catch(() => undefined); // callers that only want features need not handle them
    final.catch(() => undefined);
    this.pending.set(jobId, { features: { ...features, settled: false }, genre: genreSettler, final: finalSettler, onProgress });
    this.worker.postMessage({ type: 'analyze', jobId, pcm, sr, ...this.backendField(), ...(refine ? {} : { refine: false }), ...(source ? { source } : {}) }, [pcm.buffer as ArrayBuffer]);
    return { jobId, result, genre, final, cancel: () => this.worker.postMessage({ type: 'cancel', jobId }, []) };
  }

  /** The occlusion map of `genre` over `pcm` (mono at `sr`; transferred), queued behind the analyses before it. */
  explain(pcm: Float32Array, sr: number, genre: Genre, onProgress?: (fraction: number) => void): ExplainJob {
    const jobId = this.nextId++;
    const map = new Promise<OcclusionMap>((resolve, reject) => this.explaining.set(jobId, { map: { resolve, reject }, onProgress }));
    this.worker.postMessage({ type: 'explain', jobId, pcm, sr, genre, ...this.backendField() }, [pcm.buffer as ArrayBuffer]);
    return { jobId, map, cancel: () => this.worker.postMessage({ type: 'cancel', jobId }, []) };
  }

  /** Asks the worker to load the models and warm up now; resolves once it has (or could not). */
  warmUp(): Promise<void> {
    const warmed = new Promise<void>((resolve) => this.warming.push(resolve));
    this.worker.postMessage({ type: 'warm-up', ...this.backendField() }, []);
    return warmed;
  }

  private backendField(): { backend?: BackendRequest } {
    return this.options.backend ? { backend: this.options.backend } : {};
  }

  /** Fails every pending job, e.g. when the worker itself crashed (a pending warm-up just ends). */
  failAll(message: string): void {
    for (const w of this.warming.splice(0)) w();
    for (const p of this.pending.values()) this.fail(p, new Error(message));
    this.pending.clear();
    for (const x of this.explaining.values()) x.map.reject(new Error(message));
    this.explaining.clear();
  }

  private fail(p: Pending, e: Error): void {
    if (!p.features.settled) p.features.reject(e);
    p.genre.reject(e); // no effect once settled
    p.final.reject(e);
  }

  private onExplainEvent(x: PendingExplain, event: WorkerEvent): void {
    if (event.type === 'explain-progress') return x.onProgress?.(event.fraction);
    if (event.type === 'explained') x.map.resolve(event.map);
    else if (event.type === 'cancelled') x.map.reject(new AnalysisCancelled(`explanation ${event.jobId} cancelled`));
    else if (event.type === 'error') x.map.reject(new Error(event.message));
    else return;
    this.explaining.delete(event.jobId);
  }

  private onEvent(event: WorkerEvent): void {
    if (event.type === 'warmed') {
      this.warming.shift()?.();
      return;
    }
    const x = this.explaining.get(event.jobId);
    if (x) return this.onExplainEvent(x, event);
    const p = this.pending.get(event.jobId);
    if (!p) return;
    switch (event.type) {
      case 'progress':
        p.onProgress?.(event.stage, event.fraction);
        return;
      case 'result':
        p.features.settled = true;
        p.features.resolve({ analysis: event.analysis, warnings: event.warnings });
        return;
      case 'genre': {
        const outcome: GenreOutcome = {
          prediction: event.prediction, backend: event.backend,
          ...(event.choice ? { choice: event.choice } : {}), ...(event.refineError ? { refineError: event.refineError } : {}),
        };
        p.genre.resolve(outcome); // the quick answer; a no-op for the final one
        if (event.prediction.stage === 'quick') return;
        p.final.resolve(outcome);
        break;
      }
      case 'genre-unavailable': {
        const outcome = { unavailable: event.message };
        p.genre.resolve(outcome);
        p.final.resolve(outcome);
        break;
      }
      case 'cancelled':
        this.fail(p, new AnalysisCancelled(`analysis ${event.jobId} cancelled`));
        break;
      case 'error':
        this.fail(p, new Error(event.message));
        break;
    }
    this.pending.delete(event.jobId);
  }
}
