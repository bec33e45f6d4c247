/**
 * The custom-classes worker's logic (src/worker/customProtocol.ts, run here without a worker) and
 * the page's client of it (customClient.ts) over a fake worker: a training answers with the model
 * file the CLI writes, timed; a projection with projectPca's; the embedding id comes from musicnn's shipped metadata; failures
 * come back as errors, a dying worker fails what it was asked and the next request starts another.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POOLING, type EmbeddingId } from '../../src/model/custom/embeddingId.ts';
import { parseCustomModel, type CustomExample } from '../../src/model/custom/modelFile.ts';
import { projectPca } from '../../src/model/custom/projection.ts';
import { CustomWorkerClient, type CustomWorkerLike } from '../../src/worker/customClient.ts';
import { answerCustomRequest, MUSICNN_METADATA_PATH, type CustomRequest, type CustomWorkerDeps } from '../../src/worker/customProtocol.ts';
import { clusters } from '../support/embeddings.ts';

const ID: EmbeddingId = { model: 'MSD_musicnn', size: 200, pooling: POOLING };
const NAMES = ['workout', 'late night'];
const examples: CustomExample[] = clusters(2, 3).examples.map((e, i) => ({ class: NAMES[e.label], name: `t${i}.wav`, embedding: Array.from(e.embedding) }));

let clock = 0;
const deps: CustomWorkerDeps = {
  readMusicnnMetadata: async () => JSON.parse(readFileSync(`public/models/${MUSICNN_METADATA_PATH}`, 'utf8')) as unknown,
  now: () => (clock += 40),
};

describe('the custom worker', () => {
  it('trains the head with leave-one-out and answers with the model file, timed', async () => {
    const reply = await answerCustomRequest({ type: 'train', id: 7, embedding: ID, classes: NAMES, examples }, deps);
    expect(reply).toMatchObject({ type: 'trained', id: 7, trainMs: 40 });
    if (reply.type !== 'trained') return;
    const model = parseCustomModel(JSON.parse(JSON.stringify(reply.file)));
    expect(model.file).toMatchObject({ classes: NAMES, leaveOneOut: { workout: 1, 'late night': 1 } });
    expect(model.file.examples).toHaveLength(6);
  });

  it("gives the page's embedding id from musicnn's metadata, as the CLI computes it", async () => {
    expect(await answerCustomRequest({ type: 'embedding-id', id: 1 }, deps)).toEqual({ type: 'embedding-id', id: 1, embedding: ID });
  });

  it('lays out the history map', async () => {
    const vectors = examples.map((e) => e.embedding);
    expect(await answerCustomRequest({ type: 'project', id: 4, vectors }, deps)).toEqual({ type: 'projected', id: 4, projection: projectPca(vectors) });
  });

  it('answers a failure with its message', async () => {
    const oneClass = await answerCustomRequest({ type: 'train', id: 2, embedding: ID, classes: ['solo'], examples: examples.slice(0, 1).map((e) => ({ ...e, class: 'solo' })) }, deps);
    expect(oneClass).toEqual({ type: 'error', id: 2, message: 'a custom model needs at least two classes' });
    const noMeta = await answerCustomRequest({ type: 'embedding-id', id: 3 }, { ...deps, readMusicnnMetadata: async () => ({ format: 'something else' }) });
    expect(noMeta).toMatchObject({ type: 'error', id: 3, message: expect.stringMatching(/musicnn metadata/) });
  });
});

/** A worker that answers through answerCustomRequest, as custom.worker.ts does, or dies on its first request. */
class FakeWorker implements CustomWorkerLike {
  onmessage: CustomWorkerLike['onmessage'] = null;
  onerror: CustomWorkerLike['onerror'] = null;
  requests: CustomRequest[] = [];
  terminated = false;
  constructor(private readonly dies: boolean) {}
  postMessage(request: CustomRequest): void {
    this.requests.push(request);
    if (this.dies) setTimeout(() => this.onerror?.({ message: 'out of memory', preventDefault() {} }), 0);
    else void answerCustomRequest(request, deps).then((reply) => this.onmessage?.({ data: reply }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('the custom worker client', () => {
  it('trains and asks the embedding id once, in one worker', async () => {
    const workers: FakeWorker[] = [];
    const client = new CustomWorkerClient(() => {
      workers.push(new FakeWorker(false));
      return workers.at(-1)!;
    });
    expect(await client.embeddingId()).toEqual(ID);
    expect(await client.embeddingId()).toEqual(ID);
    const { file } = await client.train(ID, NAMES, examples);
    expect(file.classes).toEqual(NAMES);
    expect((await client.project([[1, 0], [0, 1]])).points).toHaveLength(2);
    await expect(client.train(ID, ['a', 'b'], examples)).rejects.toThrow(/names a class not in the list/);
    expect(workers).toHaveLength(1);
    expect(workers[0].requests.map((r) => r.type)).toEqual(['embedding-id', 'train', 'project', 'train']);
  });

  it('a dying worker fails its requests and is replaced by the next one', async () => {
    const workers: FakeWorker[] = [];
    const client = new CustomWorkerClient(() => {
      workers.push(new FakeWorker(workers.length === 0));
      return workers.at(-1)!;
    });
    await expect(client.embeddingId()).rejects.toThrow(/training worker stopped \(out of memory\)/);
    expect(workers[0].terminated).toBe(true);
    expect(await client.embeddingId()).toEqual(ID); // asked again, of a fresh worker
    expect(workers).toHaveLength(2);
  });
});
