/**
 * The app side of the protocol: one worker, many jobs. analyze() transfers the PCM to the
 * worker and resolves with the analysis; cancel() stops that job only, never another.
 */
import type { AnalysisStage, TrackAnalysis } from '../analysis/types.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';

export class AnalysisCancelled extends Error {
  override readonly name = 'AnalysisCancelled';
}

export interface AnalysisJob {
  jobId: number;
  result: Promise<TrackAnalysis>;
  cancel(): void;
}

interface Pending {
  resolve(a: TrackAnalysis): void;
  reject(e: Error): void;
  onProgress?: (stage: AnalysisStage, fraction: number) => void;
}

export class AnalysisClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: MessageEndpoint<WorkerEvent, WorkerRequest>) {
    worker.addEventListener('message', ({ data }) => this.onEvent(data));
  }

  /** Starts analysing `pcm` (mono at `sr`); the buffer is transferred and unusable afterwards. */
  analyze(pcm: Float32Array, sr: number, onProgress?: Pending['onProgress']): AnalysisJob {
    const jobId = this.nextId++;
    const result = new Promise<TrackAnalysis>((resolve, reject) => this.pending.set(jobId, { resolve, reject, onProgress }));
    this.worker.postMessage({ type: 'analyze', jobId, pcm, sr }, [pcm.buffer as ArrayBuffer]);
    return { jobId, result, cancel: () => this.worker.postMessage({ type: 'cancel', jobId }, []) };
  }

  /** Fails every pending job, e.g. when the worker itself crashed. */
  failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  private onEvent(event: WorkerEvent): void {
    const p = this.pending.get(event.jobId);
    if (!p) return;
    switch (event.type) {
      case 'progress':
        p.onProgress?.(event.stage, event.fraction);
        return;
      case 'result':
        p.resolve(event.analysis);
        break;
      case 'cancelled':
        p.reject(new AnalysisCancelled(`analysis ${event.jobId} cancelled`));
        break;
      case 'error':
        p.reject(new Error(event.message));
        break;
    }
    this.pending.delete(event.jobId);
  }
}
