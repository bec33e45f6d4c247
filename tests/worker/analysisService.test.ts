import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { AnalysisCancelled, AnalysisClient } from '../../src/worker/analysisClient.ts';
import { serveAnalysis, type GenreClassifier } from '../../src/worker/analysisService.ts';
import type { JobStage, MessageEndpoint, WorkerEvent, WorkerRequest } from '../../src/worker/protocol.ts';
import { ANALYSIS_STAGES } from '../../src/analysis/types.ts';
import { GTZAN_GENRES } from '../../src/dsp/gtzan/columns.ts';
import type { GenrePrediction } from '../../src/model/types.ts';
import type { BackendChoice, BackendRequest } from '../../src/model/backend.ts';
import { chord } from '../support/signals.ts';

/** A stand-in for the tfjs models: answers from the analysis it is given, records its calls. */
function fakeClassifier(): GenreClassifier & { calls: number; warmed: number; asked: (BackendRequest | undefined)[]; refines: boolean[] } {
  const fake = {
    calls: 0,
    warmed: 0,
    asked: [] as (BackendRequest | undefined)[],
    refines: [] as boolean[],
    async warm(backend?: BackendRequest) {
      fake.warmed++;
      fake.asked.push(backend);
    },
    async classify(
      analysis: Parameters<GenreClassifier['classify']>[0],
      _pcm: Float32Array,
      backend: BackendRequest | undefined,
      onQuick: Parameters<GenreClassifier['classify']>[3],
      _progress: Parameters<GenreClassifier['classify']>[4],
      refine: boolean,
    ) {
      fake.calls++;
      fake.refines.push(refine);
      fake.asked.push(backend);
      // the model inputs must still be readable here, after the features were sent
      const probabilities = Object.fromEntries(GTZAN_GENRES.map((g, i) => [g, i === 0 ? 0.91 : 0.01])) as GenrePrediction['probabilities'];
      const prediction: GenrePrediction = {
        stage: 'quick',
        genre: 'blues',
        confidence: analysis.melPower.data.length > 0 && analysis.gtzanFeatures.length === 57 ? 0.91 : 0,
        noMusic: false,
        noMusicReason: null,
        short: false,
        probabilities,
        models: { cnn: probabilities, table: probabilities, head: null },
        weights: { head: 0, cnn: 0.8, table: 0.2 },
        timeline: [],
        tags: null,
      };
      const choice: BackendChoice = { backend: 'cpu', requested: backend ?? 'auto', renderer: null, skipped: [] };
      onQuick({ prediction, backend: 'cpu', choice });
      const final: GenrePrediction = { ...prediction, stage: 'final', genre: 'jazz', weights: { head: 0.5, cnn: 0.4, table: 0.1 } };
      return { prediction: final, backend: 'cpu' as const, choice };
    },
  };
  return fake;
}

/** The app's client and the worker's service on the two ends of a real MessageChannel. */
function connect(classifier?: GenreClassifier, options: { backend?: BackendRequest } = {}): { client: AnalysisClient; ports: MessagePort[] } {
  const { port1, port2 } = new MessageChannel();
  serveAnalysis(port2 as unknown as MessageEndpoint<WorkerRequest, WorkerEvent>, classifier);
  const client = new AnalysisClient(port1 as unknown as MessageEndpoint<WorkerEvent, WorkerRequest>, options);
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
    const stages: JobStage[] = [];
    const job = client.analyze(pcm, 22050, (stage) => stages.push(stage));
    // transferred, not copied: the sender's buffer is detached
    expect(pcm.byteLength).toBe(0);
    const { analysis: a, warnings } = await job.result;
    expect(warnings).toEqual([]); // no source description, no input rules
    expect(stages).toEqual([...ANALYSIS_STAGES]);
    expect(a.nSamples).toBe(3 * 22050);
    expect(a.melPower.data).toBeInstanceOf(Float32Array);
    expect(a.gtzanFeatures).toHaveLength(57);
    expect(a.beatTimes).toBeInstanceOf(Float64Array);
    // no models in this service: the genre says so instead of failing the job
    await expect(job.genre).resolves.toMatchObject({ unavailable: expect.stringMatching(/not available/) });
  });

  it('applies the input rules to a job with a source: warnings with the features, a refusal as the error', async () => {
    const { client, ports } = connect();
    open = ports;
    const source = (seconds: number) => ({ sampleRate: 44100, channels: 6, durationSec: seconds, analysedSec: seconds, cut: false });
    const { warnings } = await client.analyze(chord([60, 64, 67], 2), 22050, undefined, { source: source(2) }).result;
    expect(warnings.map((w) => w.code)).toEqual(['downmixed', 'short', 'narrow-band']);
    await expect(client.analyze(chord([60, 64, 67], 0.4), 22050, undefined, { source: source(0.4) }).result).rejects.toThrow('too short to analyse: 0.40 s of audio (at least 0.5 s needed)');
  });

  it('sends the features first, then the genre from the models, with their inputs intact', async () => {
    const classifier = fakeClassifier();
    const { client, ports } = connect(classifier);
    open = ports;
    client.warmUp();
    const stages: JobStage[] = [];
    const job = client.analyze(chord([60, 64, 67], 3), 22050, (stage) => stages.push(stage));
    const { analysis: features } = await job.result;
    expect(features.gtzanFeatures).toHaveLength(57);
    const genre = await job.genre;
    expect(genre).toMatchObject({ backend: 'cpu', prediction: { stage: 'quick', genre: 'blues', confidence: 0.91 } });
    await expect(job.final).resolves.toMatchObject({ backend: 'cpu', prediction: { stage: 'final', genre: 'jazz' } });
    expect(stages).toEqual([...ANALYSIS_STAGES, 'model']);
    expect([classifier.warmed, classifier.calls]).toEqual([1, 1]);
    expect(classifier.asked).toEqual([undefined, undefined]);
    expect(classifier.refines).toEqual([true]);
    // a preview or live window asks for the quick answer only
    await client.analyze(chord([60, 64, 67], 2), 22050, undefined, { refine: false }).final;
    expect(classifier.refines).toEqual([true, false]);
  });

  it('answers a warm-up once the classifier has warmed up, and without a classifier at once', async () => {
    let finish!: () => void;
    const classifier = { ...fakeClassifier(), warm: () => new Promise<void>((resolve) => (finish = resolve)) };
    const { client, ports } = connect(classifier);
    open = ports;
    let warmed = false;
    const warming = client.warmUp().then(() => (warmed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(warmed).toBe(false);
    finish();
    await warming;
    expect(warmed).toBe(true);
    const bare = connect();
    open = [...ports, ...bare.ports];
    await expect(bare.client.warmUp()).resolves.toBeUndefined();
  });

  it('passes the backend the page asks for with the warm-up and every job, and returns the choice', async () => {
    const classifier = fakeClassifier();
    const { client, ports } = connect(classifier, { backend: 'webgl' });
    open = ports;
    client.warmUp();
    const job = client.analyze(chord([60, 64, 67], 3), 22050);
    await expect(job.genre).resolves.toMatchObject({ backend: 'cpu', choice: { requested: 'webgl' } });
    expect(classifier.asked).toEqual(['webgl', 'webgl']);
  });

  it('cancels a running job at a stage boundary and goes on with the next', async () => {
    const { client, ports } = connect();
    open = ports;
    const first = client.analyze(chord([60, 64, 67], 5), 22050, (stage) => {
      if (stage === 'timbre') first.cancel();
    });
    const second = client.analyze(chord([57, 60, 64], 2), 22050);
    await expect(first.result).rejects.toBeInstanceOf(AnalysisCancelled);
    await expect(second.result).resolves.toMatchObject({ analysis: { nSamples: 2 * 22050 } });
  });

  it('cancels a queued job without touching the running one', async () => {
    const { client, ports } = connect();
    open = ports;
    const running = client.analyze(chord([60, 64, 67], 2), 22050);
    const queued = client.analyze(chord([57, 60, 64], 2), 22050);
    queued.cancel();
    await expect(queued.result).rejects.toBeInstanceOf(AnalysisCancelled);
    await expect(running.result).resolves.toMatchObject({ analysis: { nSamples: 2 * 22050 } });
  });

  it('reports the models\' progress and stops a job cancelled while musicnn runs', async () => {
    const steps: number[] = [];
    const slow: GenreClassifier = {
      warm: async () => undefined,
      async classify(_a, _pcm, _backend, onQuick, progress) {
        const base = await fakeClassifier().classify(_a, _pcm, _backend, () => undefined, progress, true);
        onQuick({ ...base, prediction: { ...base.prediction, stage: 'quick' } });
        for (let i = 1; i <= 20; i++) {
          await new Promise((r) => setTimeout(r, 5));
          steps.push(i);
          await progress(i / 20); // rejects once cancelled
        }
        return base;
      },
    };
    const { client, ports } = connect(slow);
    open = ports;
    const fractions: number[] = [];
    const job = client.analyze(chord([60, 64, 67], 2), 22050, (stage, fraction) => {
      if (stage !== 'model') return;
      fractions.push(fraction);
      if (fraction >= 0.1) job.cancel();
    });
    await expect(job.genre).resolves.toMatchObject({ prediction: { stage: 'quick' } });
    await expect(job.final).rejects.toBeInstanceOf(AnalysisCancelled);
    expect(fractions[0]).toBe(0);
    expect(fractions).toContain(0.1);
    expect(steps.length).toBeLessThan(20);
  });

  it('reports a clear error for empty audio', async () => {
    const { client, ports } = connect();
    open = ports;
    await expect(client.analyze(new Float32Array(0), 22050).result).rejects.toThrow(/empty/);
  });
});
