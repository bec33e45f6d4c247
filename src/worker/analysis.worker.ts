/// <reference lib="webworker" />
/** Entry point of the analysis Web Worker: all feature computation runs here, off the UI thread. */
import { serveAnalysis } from './analysisService.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';

serveAnalysis(self as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>);
