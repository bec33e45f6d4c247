/**
 * The typed message protocol between the app and the analysis worker. PCM goes in transferred
 * (not copied); results come back with their typed arrays transferred too.
 */
import type { AnalysisStage, TrackAnalysis } from '../analysis/types.ts';

export type WorkerRequest =
  | { type: 'analyze'; jobId: number; pcm: Float32Array; sr: number }
  | { type: 'cancel'; jobId: number };

export type WorkerEvent =
  | { type: 'progress'; jobId: number; stage: AnalysisStage; fraction: number }
  | { type: 'result'; jobId: number; analysis: TrackAnalysis }
  | { type: 'cancelled'; jobId: number }
  | { type: 'error'; jobId: number; message: string };

/** The part of a Worker / DedicatedWorkerGlobalScope / MessagePort the protocol uses. */
export interface MessageEndpoint<In, Out> {
  postMessage(message: Out, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: In }) => void): void;
}

/** Structural stand-in for the DOM's Transferable, so this file compiles without DOM types. */
export type Transferable = ArrayBuffer | { close(): void };

/** Every buffer of an analysis, to transfer it instead of copying it. */
export function transferablesOf(a: TrackAnalysis): ArrayBuffer[] {
  const arrays = [
    a.melPower.data,
    a.melDb.data,
    a.chroma.data,
    a.mfcc.data,
    ...Object.values(a.descriptors),
    a.beatTimes,
    a.gtzanFeatures,
  ];
  return [...new Set(arrays.map((x) => x.buffer as ArrayBuffer))];
}
