/**
 * The 'explain' job of the analysis worker protocol ("why this genre"): the client's explain()
 * over a real MessageChannel to serveAnalysis with a stand-in classifier: the map comes back with
 * progress, the PCM is transferred, the job waits its turn behind an analysis, a cancel stops it
 * between two passes and the next job still runs, a build without models says so, a crashed
 * worker fails it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { OcclusionMap } from '../../src/model/explain/occlusion.ts';
import type { Genre } from '../../src/model/metadata.ts';
import { AnalysisCancelled, AnalysisClient } from '../../src/worker/analysisClient.ts';
import { serveAnalysis, type GenreClassifier } from '../../src/worker/analysisService.ts';
import type { MessageEndpoint, WorkerEvent, WorkerRequest } from '../../src/worker/protocol.ts';
import { chord } from '../support/signals.ts';

const PASSES = 5;

/** Explains in PASSES steps (awaiting progress after each, as occlusionMap does); records what it was asked. */
function fakeExplainer(log: string[]): GenreClassifier {
  return {
    async warm() {},
    async classify() {
      log.push('classify');
      throw new Error('no models here');
    },
    async explain(pcm, sr, genre, backend, progress) {
      log.push(`explain ${genre} ${sr} ${pcm.length} ${backend ?? 'auto'}`);
      for (let i = 1; i <= PASSES; i++) await progress(i / PASSES);
      const map: OcclusionMap = {
        genre,
        grid: { timeCells: 2, bands: 4, maxPatches: 12 },
        bandEdgesHz: [0, 762, 1689, 3646, 8000],
        times: [{ startSec: 0, endSec: 1.5, patch: 0 }],
        evidence: [[0.1, 0, -0.02, 0.3]],
        patches: { total: 1, occluded: [0] },
        passes: PASSES,
      };
      return map;
    },
  };
}

function connect(classifier?: GenreClassifier): { client: AnalysisClient; ports: MessagePort[] } {
  const { port1, port2 } = new MessageChannel();
  serveAnalysis(port2 as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>, classifier);
  const client = new AnalysisClient(port1 as unknown as MessageEndpoint<WorkerEvent, WorkerRequest>, { backend: 'cpu' });
  return { client, ports: [port1, port2] };
}

let open: MessagePort[] = [];
afterEach(() => {
  for (const p of open) p.close();
  open = [];
});

describe("the analysis worker's explain job", () => {
  it('sends the PCM over, reports each pass and resolves with the map', async () => {
    const log: string[] = [];
    const { client, ports } = connect(fakeExplainer(log));
    open = ports;
    const pcm = chord([60, 64, 67], 1);
    const n = pcm.length;
    const seen: number[] = [];
    const job = client.explain(pcm, 22050, 'jazz', (f) => seen.push(f));
    expect(pcm.byteLength).toBe(0);
    const map = await job.map;
    expect(map.genre).toBe('jazz');
    expect(map.evidence).toEqual([[0.1, 0, -0.02, 0.3]]);
    expect(seen).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(log).toEqual([`explain jazz 22050 ${n} cpu`]);
  });

  it('waits behind an analysis queued before it, and a cancel stops it without stopping the next job', async () => {
    const log: string[] = [];
    const { client, ports } = connect(fakeExplainer(log));
    open = ports;
    const analysis = client.analyze(chord([60, 64, 67], 1), 22050);
    const first = client.explain(chord([60], 1), 22050, 'rock', (f) => {
      if (f >= 0.4) first.cancel();
    });
    const second = client.explain(chord([62], 1), 22050, 'pop');
    await analysis.final;
    await expect(first.map).rejects.toBeInstanceOf(AnalysisCancelled);
    expect((await second.map).genre).toBe<Genre>('pop');
    expect(log.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['classify', 'explain rock', 'explain pop']);
  });

  it('says so where the build has no genre models, and fails with the worker', async () => {
    const bare = connect();
    open = bare.ports;
    await expect(bare.client.explain(chord([60], 1), 22050, 'jazz').map).rejects.toThrow('The genre models are not available in this build.');
    const { client, ports } = connect(fakeExplainer([]));
    open.push(...ports);
    const job = client.explain(chord([60], 1), 22050, 'jazz');
    client.failAll('The analysis engine crashed (test)');
    await expect(job.map).rejects.toThrow('The analysis engine crashed (test)');
  });
});
