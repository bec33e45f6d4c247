/**
 * The worker side of the protocol, free of DOM globals so Node tests can drive it over a
 * MessageChannel: runs one analysis at a time in arrival order, reports progress by stage,
 * and cancels a queued job at once or a running one at its next stage boundary.
 */
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from './protocol.ts';
import { transferablesOf } from './protocol.ts';

class Cancelled extends Error {}

/** Lets queued messages (a cancel) through between stages: analysis is synchronous within one. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function serveAnalysis(port: MessageEndpoint<WorkerRequest, WorkerEvent>): void {
  const queue: Extract<WorkerRequest, { type: 'analyze' }>[] = [];
  const cancelled = new Set<number>();
  let running = false;

  const send = (event: WorkerEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);

  async function runNext(): Promise<void> {
    if (running) return;
    const job = queue.shift();
    if (!job) return;
    running = true;
    const { jobId } = job;
    try {
      const analysis = await analyzeTrack(job.pcm, {
        sr: job.sr,
        checkpoint: async (stage, fraction) => {
          send({ type: 'progress', jobId, stage, fraction });
          await yieldToMessages();
          if (cancelled.has(jobId)) throw new Cancelled();
        },
      });
      send({ type: 'result', jobId, analysis }, transferablesOf(analysis));
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
    if (data.type === 'analyze') {
      queue.push(data);
      void runNext();
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
