import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { MusicnnPatches } from '../../src/model/musicnn/input.ts';
import type { PatchOutputs, PatchProgress, PatchRunner } from '../../src/model/musicnn/predict.ts';
import { PatchSharing, servePatchHelper, type HelperEvent, type HelperRequest, type SharedJob } from '../../src/worker/patchSharing.ts';
import { nodePortEndpoint } from '../../src/node/threadEndpoint.ts';

const FRAMES = 4;
const MELS = 3;
const TAGS = 2;
const EMB = 3;

/** Patches made from the PCM as the real recipe would: deterministic, one patch per FRAMES * MELS samples. */
function patchesOf(pcm: Float32Array): MusicnnPatches {
  const size = FRAMES * MELS;
  const n = Math.floor(pcm.length / size);
  return { data: pcm.slice(0, n * size), starts: Array.from({ length: n }, (_, i) => i * FRAMES), frames: FRAMES, nMels: MELS, short: false, trackFrames: n * FRAMES };
}

/** A stand-in network: outputs computed from each patch's data, taking `ms` a patch; records the patches it ran by first frame. */
function fakeRunner(ms: number, ran: number[], fail = false): PatchRunner {
  return async (p) => {
    const size = p.frames * p.nMels;
    const n = p.starts.length;
    const taggram = new Float32Array(n * TAGS);
    const penultimate = new Float32Array(n * EMB);
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, ms));
      if (fail) throw new Error('helper network failed');
      ran.push(p.starts[i]);
      const x = p.data.subarray(i * size, (i + 1) * size);
      const sum = x.reduce((a, b) => a + b, 0);
      taggram.set([sum, x[0]], i * TAGS);
      penultimate.set([x[1], x[2], sum * 2], i * EMB);
    }
    return { taggram, penultimate, nPatches: n };
  };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function link(helperMs: number, helperRan: number[], fail = false, failPatches = false): PatchSharing {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const helperPatches = (pcm: Float32Array) => {
    if (failPatches) throw new Error('no network in the helper');
    return patchesOf(pcm);
  };
  servePatchHelper(nodePortEndpoint<HelperRequest, HelperEvent>(port2), helperPatches, fakeRunner(helperMs, helperRan, fail));
  return new PatchSharing(nodePortEndpoint<HelperEvent, HelperRequest>(port1));
}

/** Runs a shared job to the end as classifyTrackWithMusicnn does: the patches (the helper's, else made here), then the runner. */
async function runShared(job: SharedJob, pcm: Float32Array, local: PatchRunner, onPatches?: PatchProgress, made: number[] = []): Promise<PatchOutputs> {
  const s = job.sharing(local);
  const here = () => {
    made.push(1);
    return patchesOf(pcm);
  };
  return s.runner(s.patches ? await s.patches(here) : here(), onPatches);
}

const track = (nPatches: number) => Float32Array.from({ length: nPatches * FRAMES * MELS }, (_, i) => Math.sin(i * 0.37) + i * 1e-3);

describe('musicnn patches shared with a helper worker', () => {
  it('gives exactly what one thread computes, each patch run once except at most one at the meeting point', async () => {
    const pcm = track(12);
    const alone = await fakeRunner(0, [])(patchesOf(pcm));
    const helperRan: number[] = [];
    const localRan: number[] = [];
    const sharing = link(5, helperRan);
    const job = sharing.begin(pcm, 22050);
    await new Promise((r) => setTimeout(r, 30)); // the helper works while the features are computed
    const progress: number[] = [];
    const made: number[] = [];
    const out = await runShared(job, pcm, fakeRunner(5, localRan), (done) => void progress.push(done), made);
    job.release();
    expect(made).toEqual([]); // the helper's patches were used, not made again here
    expect(out.nPatches).toBe(12);
    expect(Array.from(out.taggram)).toEqual(Array.from(alone.taggram));
    expect(Array.from(out.penultimate)).toEqual(Array.from(alone.penultimate));
    // both threads did part of it, the helper from the start and this thread from the end
    expect(helperRan.length).toBeGreaterThan(2);
    expect(localRan.length).toBeGreaterThan(2);
    expect(helperRan[0]).toBe(0);
    expect(localRan[0]).toBe(11 * FRAMES);
    expect(helperRan.length + localRan.length).toBeLessThanOrEqual(13);
    expect(progress.at(-1)).toBe(12);
  });

  it('runs every patch here when the helper fails, and the answer is still complete', async () => {
    const pcm = track(6);
    const alone = await fakeRunner(0, [])(patchesOf(pcm));
    const sharing = link(1, [], true);
    const job = sharing.begin(pcm, 22050);
    const localRan: number[] = [];
    const out = await runShared(job, pcm, fakeRunner(1, localRan));
    job.release();
    expect(Array.from(out.taggram)).toEqual(Array.from(alone.taggram));
    expect(localRan.length).toBe(6);
  });

  it('makes the patches here and runs them all when the helper cannot make them', async () => {
    const pcm = track(5);
    const helperRan: number[] = [];
    const sharing = link(1, helperRan, false, true);
    const job = sharing.begin(pcm, 22050);
    const localRan: number[] = [];
    const made: number[] = [];
    const out = await runShared(job, pcm, fakeRunner(1, localRan), undefined, made);
    job.release();
    expect(made).toEqual([1]);
    expect(Array.from(out.taggram)).toEqual(Array.from((await fakeRunner(0, [])(patchesOf(pcm))).taggram));
    expect([localRan.length, helperRan.length]).toEqual([5, 0]);
  });

  it('runs everything here once the helper is lost, without waiting for it', async () => {
    const pcm = track(5);
    const sharing = link(1000, []);
    sharing.lose('crashed');
    const job = sharing.begin(pcm, 22050);
    const localRan: number[] = [];
    const made: number[] = [];
    const out = await runShared(job, pcm, fakeRunner(1, localRan), undefined, made);
    expect(out.nPatches).toBe(5);
    expect(localRan.length).toBe(5);
    expect(made).toEqual([1]); // no helper: the patches are made here
  });

  it('is ready once the helper says so, or once it is lost (a warm-up never waits for a dead helper)', async () => {
    const sharing = link(1, []);
    sharing.lose('crashed');
    await expect(sharing.ready).resolves.toBeUndefined();
  });

  it('a released job stops the helper, and the next job gets its own patches', async () => {
    const helperRan: number[] = [];
    const sharing = link(5, helperRan);
    const first = sharing.begin(track(40), 22050);
    await new Promise((r) => setTimeout(r, 20));
    first.release();
    const pcm = track(4);
    const job = sharing.begin(pcm, 22050);
    const out = await runShared(job, pcm, fakeRunner(5, []));
    job.release();
    expect(out.nPatches).toBe(4);
    expect(Array.from(out.taggram)).toEqual(Array.from((await fakeRunner(0, [])(patchesOf(pcm))).taggram));
    expect(helperRan.length).toBeLessThan(20); // the first job's 40 patches were not all run
  });
});
