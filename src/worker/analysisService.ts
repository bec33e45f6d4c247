/**
 * The worker side of the protocol, free of DOM globals so Node tests can drive it over a
 * MessageChannel: runs one job at a time in arrival order, reports progress by stage, sends the
 * features with the quick genre (just before it), then the final genre from `classify` (when
 * given), and cancels a queued job at once or a running one at its next stage boundary. An
 * 'explain' job (the occlusion map of a genre) takes its turn in the same queue.
 */
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import type { TrackAnalysis } from '../analysis/types.ts';
import type { BackendChoice, BackendName, BackendRequest } from '../model/backend.ts';
import type { OcclusionMap } from '../model/explain/occlusion.ts';
import type { Genre } from '../model/metadata.ts';
import type { GenrePrediction } from '../model/types.ts';
import { checkSource } from '../input/rules.ts';
import { inputWarnings } from '../input/warnings.ts';
import type { JobStage, MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';
import { transferablesOf } from './protocol.ts';

/** Thrown at a checkpoint once the job was cancelled; a classifier lets it through. */
export class Cancelled extends Error {}

export interface ClassifierAnswer {
  prediction: GenrePrediction;
  backend: BackendName;
  choice?: BackendChoice;
  /** Why the final answer is only the quick one (musicnn could not load or run). */
  refineError?: string;
}

/**
 * The genre models as the service sees them: load once (warm), classify many. `backend` is the
 * request's backend wish, for whichever call loads the models. `classify` hands its quick answer to `onQuick` as soon as it has it and resolves with the final one.
 */
export interface GenreClassifier {
  /** Loads the models and warms up the engine and them; resolves once done (or failed). */
  warm(backend?: BackendRequest): Promise<void>;
  /** `pcm` is the job's audio, for a model whose input the analysis does not already hold. */
  classify(
    analysis: TrackAnalysis,
    pcm: Float32Array,
    backend: BackendRequest | undefined,
    onQuick: (quick: ClassifierAnswer) => void,
    /** Reports the models' progress (0..1) and rejects once the job is cancelled: await it between steps. */
    progress: (fraction: number) => Promise<void>,
    /** false: the quick answer is final (no musicnn). */
    refine: boolean,
  ): Promise<ClassifierAnswer>;
  /** The occlusion map of `genre` over `pcm` (mono at `sr`); `progress` as for classify. */
  explain?(pcm: Float32Array, sr: number, genre: Genre, backend: BackendRequest | undefined, progress: (fraction: number) => Promise<void>): Promise<OcclusionMap>;
}

/** Lets queued messages (a cancel) through between stages: analysis is synchronous within one. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function serveAnalysis(port: MessageEndpoint<WorkerRequest, WorkerEvent>, classifier?: GenreClassifier): void {
  const queue: Extract<WorkerRequest, { type: 'analyze' | 'explain' }>[] = [];
  const cancelled = new Set<number>();
  let running = false;

  const send = (event: WorkerEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);

  async function runNext(): Promise<void> {
    if (running) return;
    const job = queue.shift();
    if (!job) return;
    running = true;
    const { jobId } = job;
    const checkpoint = async (stage: JobStage, fraction: number) => {
      send({ type: 'progress', jobId, stage, fraction });
      await yieldToMessages();
      if (cancelled.has(jobId)) throw new Cancelled();
    };
    try {
      if (job.type === 'explain') {
        if (!classifier?.explain) throw new Error('The genre models are not available in this build.');
        const progress = async (fraction: number) => {
          send({ type: 'explain-progress', jobId, fraction });
          await yieldToMessages();
          if (cancelled.has(jobId)) throw new Cancelled();
        };
        send({ type: 'explained', jobId, map: await classifier.explain(job.pcm, job.sr, job.genre, job.backend, progress) });
        return;
      }
      if (job.source) checkSource(job.source);
      const analysis = await analyzeTrack(job.pcm, { sr: job.sr, checkpoint });
      const warnings = job.source ? inputWarnings(job.pcm, job.sr, job.source) : [];
      // The features go out with the quick answer, just before it: sent on their own, the page's
      // drawing of the plots held up its handling of the quick answer behind it (by 150-300 ms in
      // Chromium here), while the quick models take 30-70 ms. The model inputs stay here (copied, not transferred).
      let featuresSent = false;
      const sendFeatures = () => {
        if (featuresSent) return;
        featuresSent = true;
        send({ type: 'result', jobId, analysis, warnings }, transferablesOf(analysis, { keepModelInputs: classifier !== undefined }));
      };
      if (!classifier) {
        sendFeatures();
        send({ type: 'genre-unavailable', jobId, message: 'The genre models are not available in this build.' });
      } else {
        await checkpoint('model', 0);
        try {
          const answer = (a: ClassifierAnswer): WorkerEvent => ({
            type: 'genre', jobId, prediction: a.prediction, backend: a.backend,
            ...(a.choice ? { choice: a.choice } : {}), ...(a.refineError ? { refineError: a.refineError } : {}),
          });
          const quick = (a: ClassifierAnswer) => {
            sendFeatures();
            send(answer(a));
          };
          const final = await classifier.classify(analysis, job.pcm, job.backend, quick, (fraction) => checkpoint('model', fraction), job.refine !== false);
          sendFeatures();
          send(answer(final));
        } catch (err) {
          if (err instanceof Cancelled) throw err;
          sendFeatures();
          send({ type: 'genre-unavailable', jobId, message: `The genre models could not run: ${err instanceof Error ? err.message : String(err)}` });
        }
      }
    } catch (err) {
      if (err instanceof Cancelled) send({ type: 'cancelled', jobId });
      else send({ type: 'error', jobId, message: err instanceof Error ? err.message : String(err) });
    } finally {
      cancelled.delete(jobId);
      running = false;
      void runNext();
    }
  }

  port.addEventListener('message', ({ data }) => {
    if (data.type === 'analyze' || data.type === 'explain') {
      queue.push(data);
      void runNext();
    } else if (data.type === 'warm-up') {
      void (classifier?.warm(data.backend) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => send({ type: 'warmed' }));
    } else {
      const queued = queue.findIndex((j) => j.jobId === data.jobId);
      if (queued >= 0) {
        queue.splice(queued, 1);
        send({ type: 'cancelled', jobId: data.jobId });
      } else {
        cancelled.add(data.jobId);
      }
    }
  });
}
