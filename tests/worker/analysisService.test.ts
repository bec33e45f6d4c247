import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { AnalysisCancelled, AnalysisClient } from '../../src/worker/analysisClient.ts';
import { serveAnalysis } from '../../src/worker/analysisService.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from '../../src/worker/protocol.ts';
import { ANALYSIS_STAGES, type AnalysisStage } from '../../src/analysis/types.ts';
import { chord } from '../support/signals.ts';

/** The app's client and the worker's service on the two ends of a real MessageChannel. */
function connect(): { client: AnalysisClient; ports: MessagePort[] } {
  const { port1, port2 } = new MessageChannel();
  serveAnalysis(port2 as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>);
  const client = new AnalysisClient(port1 as unknown as MessageEndpoint<WorkerEvent, WorkerRequest>);
  return { client, ports: [port1, port2] };
}

let open: MessagePort[] = [];
afterEach(() => {
  for (const p of open) p.close();
  open = [];
});

describe('analysis worker protocol', () => {
  it('transfers the PCM, reports every stage in order and returns the typed analysis', async () => {
    const { client, ports } = connect();
    open = ports;
    const pcm = chord([60, 64, 67], 3);
    const stages: AnalysisStage[] = [];
    const job = client.analyze(pcm, 22050, (stage) => stages.push(stage));
    // transferred, not copied: the sender's buffer is detached
    expect(pcm.byteLength).toBe(0);
    const a = await job.result;
    expect(stages).toEqual([...ANALYSIS_STAGES]);
    expect(a.nSamples).toBe(3 * 22050);
    expect(a.melPower.data).toBeInstanceOf(Float32Array);
    expect(a.gtzanFeatures).toHaveLength(57);
    expect(a.beatTimes).toBeInstanceOf(Float64Array);
  });

  it('cancels a running job at a stage boundary and goes on with the next', async () => {
    const { client, ports } = connect();
    open = ports;
    const first = client.analyze(chord([60, 64, 67], 5), 22050, (stage) => {
      if (stage === 'timbre') first.cancel();
    });
    const second = client.analyze(chord([57, 60, 64], 2), 22050);
    await expect(first.result).rejects.toBeInstanceOf(AnalysisCancelled);
    await expect(second.result).resolves.toMatchObject({ nSamples: 2 * 22050 });
  });

  it('cancels a queued job without touching the running one', async () => {
    const { client, ports } = connect();
    open = ports;
    const running = client.analyze(chord([60, 64, 67], 2), 22050);
    const queued = client.analyze(chord([57, 60, 64], 2), 22050);
    queued.cancel();
    await expect(queued.result).rejects.toBeInstanceOf(AnalysisCancelled);
    await expect(running.result).resolves.toMatchObject({ nSamples: 2 * 22050 });
  });

  it('reports a clear error for empty audio', async () => {
    const { client, ports } = connect();
    open = ports;
    await expect(client.analyze(new Float32Array(0), 22050).result).rejects.toThrow(/empty/);
  });
});
