/** The content hasher: SHA-256 through the worker (in place without one), none past the limit or when the worker dies. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, MAX_HASH_BYTES, type HashWorker } from '../../src/app/services/contentHash.ts';
import { sha256Hex, type HashRequest } from '../../src/app/services/sha256.ts';

/** A worker that answers with sha256Hex, as contentHash.worker.ts does, or dies. */
class FakeWorker implements HashWorker {
  onmessage: HashWorker['onmessage'] = null;
  onerror: HashWorker['onerror'] = null;
  requests: HashRequest[] = [];
  constructor(private readonly dies = false) {}
  postMessage(request: HashRequest): void {
    this.requests.push(request);
    if (this.dies) setTimeout(() => this.onerror?.({ preventDefault() {} }), 0);
    else void sha256Hex(request.file).then((hex) => this.onmessage?.({ data: { id: request.id, hex } }));
  }
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31) & 255);

describe('content hasher', () => {
  it('hashes in the worker, or in place without one, as SHA-256 hex', async () => {
    const small = bytes(1000);
    expect(await createHasher(null).hash(new Blob([small]))).toBe(createHash('sha256').update(small).digest('hex'));
    const workers: FakeWorker[] = [];
    const hasher = createHasher(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const [a, b] = await Promise.all([hasher.hash(new Blob([small])), hasher.hash(new Blob([small.subarray(1)]))]);
    expect(a).toBe(createHash('sha256').update(small).digest('hex'));
    expect(b).toBe(createHash('sha256').update(small.subarray(1)).digest('hex'));
    expect(workers).toHaveLength(1); // one worker for all
    expect(workers[0].requests).toHaveLength(2);
  });

  it('gives no hash past MAX_HASH_BYTES, nor when the worker dies (a new one is started for the next file)', async () => {
    let started = 0;
    const hasher = createHasher(() => new FakeWorker(++started === 1));
    expect(await hasher.hash({ size: MAX_HASH_BYTES + 1 } as Blob)).toBeNull();
    const file = new Blob([bytes(1000)]);
    expect(await hasher.hash(file)).toBeNull();
    expect(await hasher.hash(file)).toMatch(/^[0-9a-f]{64}$/);
    expect(started).toBe(2);
  });
});
