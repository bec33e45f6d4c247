/**
 * The page's side of the custom-classes worker (custom.worker.ts): requests as promises, the
 * worker started with the first one. A worker that dies fails what it was asked and is replaced
 * by a fresh one on the next request; the embedding id is asked for once and kept.
 */
import type { EmbeddingId } from '../model/custom/embeddingId.ts';
import type { CustomExample, CustomModelFile } from '../model/custom/modelFile.ts';
import type { Projection } from '../model/custom/projection.ts';
import type { CustomReply, CustomRequest } from './customProtocol.ts';

/** What the client uses of a DOM Worker. */
export interface CustomWorkerLike {
  onmessage: ((e: { data: CustomReply }) => void) | null;
  onerror: ((e: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(request: CustomRequest): void;
  terminate(): void;
}

type Pending = { resolve(reply: CustomReply): void; reject(err: Error): void };

export class CustomWorkerClient {
  private worker: CustomWorkerLike | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private id: Promise<EmbeddingId> | null = null;

  /** `start`: makes the worker (src/app/services/customWorker.ts in the page). */
  constructor(private readonly start: () => CustomWorkerLike) {}

  private request(req: CustomRequest): Promise<CustomReply> {
    if (!this.worker) {
      const w = this.start();
      w.onmessage = ({ data }) => {
        const p = this.pending.get(data.id);
        this.pending.delete(data.id);
        p?.resolve(data);
      };
      w.onerror = (e) => {
        e.preventDefault();
        const err = new Error(`the training worker stopped (${e.message || 'an error'})`);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        w.terminate();
        if (this.worker === w) this.worker = null;
      };
      this.worker = w;
    }
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      worker.postMessage(req);
    });
  }

  /** The head and leave-one-out accuracies of these examples, as the model file holds them. */
  async train(embedding: EmbeddingId, classes: string[], examples: CustomExample[]): Promise<{ file: CustomModelFile; trainMs: number }> {
    const reply = await this.request({ type: 'train', id: ++this.nextId, embedding, classes, examples });
    if (reply.type === 'error') throw new Error(reply.message);
    if (reply.type !== 'trained') throw new Error(`unexpected reply '${reply.type}' to a training`);
    return { file: reply.file, trainMs: reply.trainMs };
  }

  /** The history map's projection of these embeddings (projectPca). */
  async project(vectors: number[][]): Promise<Projection> {
    const reply = await this.request({ type: 'project', id: ++this.nextId, vectors });
    if (reply.type === 'error') throw new Error(reply.message);
    if (reply.type !== 'projected') throw new Error(`unexpected reply '${reply.type}' to a projection`);
    return reply.projection;
  }

  /** The embedding the page's tracks carry (musicnn's name and size); asked again after a failure. */
  embeddingId(): Promise<EmbeddingId> {
    this.id ??= this.request({ type: 'embedding-id', id: ++this.nextId }).then((reply) => {
      if (reply.type === 'embedding-id') return reply.embedding;
      throw new Error(reply.type === 'error' ? reply.message : `unexpected reply '${reply.type}'`);
    });
    this.id.catch(() => {
      this.id = null;
    });
    return this.id;
  }
}
