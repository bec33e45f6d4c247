/**
 * The typed message protocol between the app and the analysis worker. PCM goes in transferred
 * (not copied); results come back with their typed arrays transferred too. A job sends its
 * features ('result') first, then its quick genre ('genre', prediction.stage 'quick': the CNN
 * and the table model), then the final one ('genre', stage 'final': with musicnn's head and tags),
 * which ends it; or 'genre-unavailable' instead, which ends it too. An 'explain' job ("why this
 * genre", src/model/explain) waits in the same queue and ends with 'explained' (after
 * 'explain-progress' events), 'cancelled' or 'error'.
 */
import type { AnalysisStage, TrackAnalysis } from '../analysis/types.ts';
import type { BackendChoice, BackendName, BackendRequest } from '../model/backend.ts';
import type { OcclusionMap } from '../model/explain/occlusion.ts';
import type { Genre } from '../model/metadata.ts';
import type { GenrePrediction } from '../model/types.ts';
import type { InputWarning, SourceDescription } from '../input/rules.ts';

export type JobStage = AnalysisStage | 'model';

/**
 * `backend` (on 'analyze' and 'warm-up'): the tfjs backend the models should load on; the models
 * load once, on what the first request that loads them asks for ('auto' when absent).
 */
export type WorkerRequest =
  /**
   * `refine: false`: the quick answer is the final one (no musicnn), for previews and live windows.
   * `source`: what the decoder learnt of the file; with it the worker applies the input rules
   * (src/input: refusal, warnings), as the CLI does.
   */
  | { type: 'analyze'; jobId: number; pcm: Float32Array; sr: number; backend?: BackendRequest; refine?: boolean; source?: SourceDescription }
  /** The occlusion map of `genre` over `pcm` (mono at `sr`, transferred), on demand. */
  | { type: 'explain'; jobId: number; pcm: Float32Array; sr: number; genre: Genre; backend?: BackendRequest }
  | { type: 'cancel'; jobId: number }
  /** Load the models now (e.g. while the page is idle) rather than with the first job. */
  | { type: 'warm-up'; backend?: BackendRequest };

export type WorkerEvent =
  | { type: 'progress'; jobId: number; stage: JobStage; fraction: number }
  /** `warnings`: the input warnings (none without a source). */
  | { type: 'result'; jobId: number; analysis: TrackAnalysis; warnings: InputWarning[] }
  /**
   * `choice`: why the models run on `backend` (what was asked for, what was passed over).
   * `refineError` (stage 'final' only): musicnn could not run, so the final answer is the quick one.
   */
  | { type: 'genre'; jobId: number; prediction: GenrePrediction; backend: BackendName; choice?: BackendChoice; refineError?: string }
  | { type: 'genre-unavailable'; jobId: number; message: string }
  /** An 'explain' job's forward passes done, 0..1. */
  | { type: 'explain-progress'; jobId: number; fraction: number }
  | { type: 'explained'; jobId: number; map: OcclusionMap }
  | { type: 'cancelled'; jobId: number }
  | { type: 'error'; jobId: number; message: string }
  /** The answer to 'warm-up': the models loaded (or failed to) and the engine and they warmed up. */
  | { type: 'warmed' };

/** The part of a Worker / DedicatedWorkerGlobalScope / MessagePort the protocol uses. */
export interface MessageEndpoint<In, Out> {
  postMessage(message: Out, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: In }) => void): void;
}

/** Structural stand-in for the DOM's Transferable, so this file compiles without DOM types. */
export type Transferable = ArrayBuffer | { close(): void };

/**
 * The buffers of an analysis to transfer instead of copying. melPower and gtzanFeatures are
 * left out (copied) when the worker still needs them for the models after sending.
 */
export function transferablesOf(a: TrackAnalysis, { keepModelInputs = false } = {}): ArrayBuffer[] {
  const arrays = [
    ...(keepModelInputs ? [] : [a.melPower.data, a.gtzanFeatures]),
    a.melDb.data,
    a.chroma.data,
    a.mfcc.data,
    ...Object.values(a.descriptors),
    a.beatTimes,
  ];
  const kept = keepModelInputs ? new Set([a.melPower.data.buffer, a.gtzanFeatures.buffer]) : new Set();
  return [...new Set(arrays.map((x) => x.buffer as ArrayBuffer))].filter((b) => !kept.has(b));
}
