/**
 * musicnn on two threads: the analysis worker and a helper worker share one track's patches.
 *
 * The helper gets the track's PCM as the genre models start, makes its musicnn patches
 * (resampling to 16 kHz, the log-mel) while the analysis worker computes the quick answer, sends
 * them over (so the analysis worker does not make them again: 160 ms for a 30 s clip) and works
 * through them from the first. Once free, the analysis worker takes patches from the last one down, announcing
 * each ('claim') before it runs it, until the two meet: on a 2-core machine without a GPU, where
 * musicnn is most of the wait for the final answer, that is close to half the time. Each patch is
 * run alone on either thread, so the results are those of one thread; at the meeting point a
 * patch may be run twice, and the first result is kept.
 * If the helper is missing or fails, the analysis worker makes the patches and runs the rest
 * itself. DOM-free: Node tests drive both sides over a MessageChannel.
 */
import type { MusicnnPatches } from '../model/musicnn/input.ts';
import type { MusicnnSharing, PatchOutputs, PatchRunner } from '../model/musicnn/predict.ts';
import type { MessageEndpoint } from './protocol.ts';

export type HelperRequest =
  | { type: 'start'; job: number; pcm: Float32Array; sr: number }
  /** The analysis worker runs patch `index` itself: the helper starts no patch from there on. */
  | { type: 'claim'; job: number; index: number }
  | { type: 'stop'; job: number };

export type HelperEvent =
  /** The network is loaded and warm. */
  | { type: 'ready' }
  /** The job's patches, made from its PCM (a copy: the helper keeps its own). */
  | { type: 'patches'; job: number; patches: MusicnnPatches }
  | { type: 'patch'; job: number; index: number; nPatches: number; taggram: Float32Array; penultimate: Float32Array }
  | { type: 'failed'; job: number; message: string };

/** One patch of `p` as a set of its own (a view, not a copy). */
export function onePatch(p: MusicnnPatches, index: number): MusicnnPatches {
  const size = p.frames * p.nMels;
  return { ...p, starts: [p.starts[index]], data: p.data.subarray(index * size, (index + 1) * size) };
}

/** Lets queued messages in between two patches: a patch is synchronous work once started. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The helper's side: for each 'start', makes the patches (`patchesOf`) and runs them in order
 * (`run` on one patch at a time) until it reaches a claimed patch, the end, or a 'stop'; a new
 * 'start' ends the job before it.
 */
export function servePatchHelper(
  port: MessageEndpoint<HelperRequest, HelperEvent>,
  patchesOf: (pcm: Float32Array, sr: number) => MusicnnPatches | Promise<MusicnnPatches>,
  run: PatchRunner,
): void {
  let job = -1;
  let limit = Infinity;
  let busy: Promise<void> = Promise.resolve();

  async function work(id: number, pcm: Float32Array, sr: number) {
    try {
      const p = await patchesOf(pcm, sr);
      if (job !== id) return;
      const copy = p.data.slice();
      port.postMessage({ type: 'patches', job: id, patches: { ...p, data: copy } }, [copy.buffer]);
      const n = p.starts.length;
      for (let i = 0; i < n; i++) {
        await yieldToMessages();
        if (job !== id || i >= limit) return;
        const out = await run(onePatch(p, i));
        port.postMessage({ type: 'patch', job: id, index: i, nPatches: n, taggram: out.taggram, penultimate: out.penultimate }, [out.taggram.buffer as ArrayBuffer, out.penultimate.buffer as ArrayBuffer]);
      }
    } catch (err) {
      port.postMessage({ type: 'failed', job: id, message: err instanceof Error ? err.message : String(err) }, []);
    }
  }

  port.addEventListener('message', ({ data }) => {
    if (data.type === 'start') {
      job = data.job;
      limit = Infinity;
      // one job at a time: the next starts once the one before has seen that it is over
      busy = busy.then(() => work(data.job, data.pcm, data.sr));
    } else if (data.job === job) {
      if (data.type === 'claim') limit = Math.min(limit, data.index);
      else job = -1;
    }
  });
}

/** The analysis worker's handle on one job's share of the helper. */
export interface SharedJob {
  /**
   * The job's patches and a runner that shares them with the helper, `local` running this
   * thread's share (runMusicnn on the loaded network): hand it to classifyTrackWithMusicnn.
   */
  sharing(local: PatchRunner): MusicnnSharing;
  /** Tells the helper the job is over (done, cancelled or failed): call it once, always. */
  release(): void;
}

interface PatchRow {
  taggram: Float32Array;
  penultimate: Float32Array;
}

/** The analysis worker's side: its link to the helper, one job at a time. */
export class PatchSharing {
  private nextJob = 1;
  private readonly listeners = new Map<number, (e: HelperEvent) => void>();
  private lost = false;

  /** Resolves once the helper has its network loaded and warm, or is lost: from then on no job waits for its start. */
  readonly ready: Promise<void>;
  private settle: () => void = () => undefined;

  constructor(private readonly port: MessageEndpoint<HelperEvent, HelperRequest>) {
    this.ready = new Promise<void>((resolve) => (this.settle = resolve));
    port.addEventListener('message', ({ data }) => (data.type === 'ready' ? this.settle() : this.listeners.get(data.job)?.(data)));
  }

  /** Starts the helper on `pcm` (copied: the caller keeps its own) at once. */
  begin(pcm: Float32Array, sr: number): SharedJob {
    if (this.lost) return { sharing: (local) => ({ runner: local }), release: () => undefined };
    const job = this.nextJob++;
    const copy = pcm.slice();
    this.port.postMessage({ type: 'start', job, pcm: copy, sr }, [copy.buffer]);
    const received = new Map<number, HelperEvent & { type: 'patch' }>();
    let made: MusicnnPatches | null = null;
    let failed = false;
    let wake: (() => void) | null = null;
    this.listeners.set(job, (e) => {
      if (e.type === 'patch') received.set(e.index, e);
      else if (e.type === 'patches') made = e.patches;
      else if (e.type === 'failed') failed = true;
      wake?.();
    });
    const nextEvent = () => new Promise<void>((resolve) => (wake = resolve));

    // the helper's patches, waited for (making them here too would cost this thread what the helper already spent)
    const patches = async (compute: () => MusicnnPatches): Promise<MusicnnPatches> => {
      while (!made && !failed) await nextEvent();
      return made ?? compute();
    };

    const runner = (local: PatchRunner): PatchRunner => async (p, onPatches) => {
      const n = p.starts.length;
      const rows: (PatchRow | null)[] = new Array<PatchRow | null>(n).fill(null);
      // the helper's patches count only if it made the same set (same PCM, same recipe)
      const fromHelper = (i: number) => {
        const r = received.get(i);
        return r && r.nPatches === n ? r : null;
      };
      const collect = () => {
        for (let i = 0; i < n; i++) rows[i] ??= fromHelper(i);
        return rows.filter(Boolean).length;
      };
      const runHere = async (i: number) => {
        const out = await local(onePatch(p, i));
        rows[i] ??= out;
        await onPatches?.(collect(), n);
      };
      // this thread's patches: from the last down, until they meet the helper's
      for (let j = n - 1; j >= 0; j--) {
        await yieldToMessages();
        collect();
        if (rows[j]) break; // the helper got here first: everything below is its
        if (!failed) this.port.postMessage({ type: 'claim', job, index: j }, []);
        await runHere(j);
      }
      // what the helper still owes: the patch it is running (or all of them, once it failed)
      for (let missing = rows.indexOf(null); missing >= 0; missing = (collect(), rows.indexOf(null))) {
        if (failed) await runHere(missing);
        else await nextEvent();
      }
      return merge(rows as PatchRow[]);
    };
    return {
      sharing: (local) => ({ patches, runner: runner(local) }),
      release: () => {
        this.port.postMessage({ type: 'stop', job }, []);
        this.listeners.delete(job);
      },
    };
  }

  /** The helper is gone (it crashed, or could not start): every job runs its patches here from now on. */
  lose(message: string): void {
    this.lost = true;
    this.settle();
    for (const [job, listener] of this.listeners) listener({ type: 'failed', job, message });
  }
}

function merge(rows: PatchRow[]): PatchOutputs {
  const nTags = rows[0]?.taggram.length ?? 0;
  const nEmb = rows[0]?.penultimate.length ?? 0;
  const taggram = new Float32Array(rows.length * nTags);
  const penultimate = new Float32Array(rows.length * nEmb);
  rows.forEach((r, i) => {
    taggram.set(r.taggram, i * nTags);
    penultimate.set(r.penultimate, i * nEmb);
  });
  return { taggram, penultimate, nPatches: rows.length };
}

