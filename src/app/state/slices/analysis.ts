/**
 * The analysis flow of the tracks, no state of its own in the store: each file is hashed (SHA-256
 * of its bytes: the same audio dropped again reuses the existing track instead of a second
 * analysis), decoded (one at a time, in the order dropped, on the UI thread's Web Audio decoder)
 * and checked by the input rules, then waits its turn: the engine gets one job at a time, in the
 * queue's order (../queue.ts: files of a minute or less first), so the order shown is the order
 * run and a waiting track costs nothing to cancel. A long track first gets a quick result for its
 * opening (PREVIEW_SEC), then its whole analysis. A track is written to the history as soon as it
 * is accepted (so a reload finds it "interrupted") and again when it ends. The dropped file is
 * kept (a reference, not a copy) until its analysis is done, so a cancelled or interrupted one can
 * be run again. The tracks and recorder slices start tracks through it.
 */
import type { TrackAnalysis } from '../../../analysis/types.ts';
import { checkSource, InputRejected } from '../../../input/rules.ts';
import { noMusicVerdict } from '../../../model/verdict.ts';
import type { DecodedAudio, EngineHandlers, EngineJob } from '../ports.ts';
import { JobCancelled, UserFacingError } from '../ports.ts';
import { describePcm, SILENCE_PEAK } from '../pcm.ts';
import { toTrackResult, waveformEnvelope } from '../result.ts';
import type { GenreResult, PipelineStage, Track, TrackSource, WaveformEnvelope } from '../types.ts';
import { GTZAN_GENRES } from '../types.ts';
import { isBusy, queueOrder } from '../queue.ts';
import { recordInHistory } from './history.ts';
import type { SliceContext } from './shared.ts';

/** Tracks longer than this get a quick first result for their opening. */
export const PREVIEW_MIN_SEC = 60;
export const PREVIEW_SEC = 30;

/**
 * Position on the progress bar: decoding takes the first 10 %, the worker's analysis the next
 * 75 % (its checkpoints report the share of the analysis done when each stage starts), the
 * models the rest.
 */
export function overallProgress(stage: PipelineStage, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  // shares of a 30 s track's time in the page: decoding 8 %, the engine 15 %, the models (musicnn most) 77 %
  if (stage === 'decode') return 0.08 * f;
  if (stage === 'model') return 0.23 + 0.77 * f;
  return 0.08 + 0.15 * f;
}

/** Silence, told from the samples before any model runs (the models would say the same: src/model/noMusic). */
function noMusic(): GenreResult {
  const p = GTZAN_GENRES.map(() => 1 / GTZAN_GENRES.length);
  const reason = 'silence';
  return { status: 'no-music', noMusicReason: reason, verdict: noMusicVerdict(reason), probabilities: p, models: {}, timeline: [], shortClip: false, backend: 'none' };
}

export interface AnalysisFlow {
  /** A new track, not yet in the store, waiting to be decoded. */
  newTrack(name: string, source: TrackSource): Track;
  /** Hashes the file (a duplicate reuses the existing track), decodes it after those before it, then queues it. */
  addFile(id: string, file: Blob): void;
  /** Adds already decoded mono samples (a recording) as a track and queues them; returns its id. */
  addPcm(name: string, source: TrackSource, pcm: Float32Array, sr: number): string;
  /** Stops the track (waiting or running): status 'cancelled', nothing more on its way; the next one starts. */
  cancel(id: string): void;
  /**
   * Runs a cancelled or interrupted track again, from the file kept this session or `file` (after
   * a reload the audio is not kept: the file is asked for again and must have the same content).
   */
  runAgain(id: string, file?: Blob): Promise<void>;
  /** Lets go of the track's kept file (removed from the list for good). */
  forget(id: string): void;
}

/** One track's audio waiting for the engine: a long file's opening may come before the whole. */
interface Waiting {
  opening: DecodedAudio | null;
  whole: DecodedAudio | null;
  openingDone: boolean;
}

interface Running {
  id: string;
  turn: number;
  job: EngineJob;
  startedAt: number;
}

export function createAnalysisFlow(ctx: SliceContext): AnalysisFlow {
  const { set, get, deps, jobs, track, patch, fail, raise } = ctx;
  let decodeChain: Promise<void> = Promise.resolve();
  let hashChain: Promise<unknown> = Promise.resolve();
  /**
   * Each attempt at a track (added, run again) has its turn number; cancelling or removing it
   * moves on, so late messages of an earlier attempt's jobs and decodes are ignored.
   */
  const turns = new Map<string, number>();
  const nextTurn = (id: string) => {
    const n = (turns.get(id) ?? 0) + 1;
    turns.set(id, n);
    return n;
  };
  const current = (id: string, turn: number) => turns.get(id) === turn && track(id) !== undefined;
  const kept = new Map<string, Blob>();
  /** The byte size of each dropped file, to tell which new file may be a duplicate before its hash. */
  const sizes = new Map<string, number>();
  const waiting = new Map<string, Waiting>();
  /** Seconds each unfinished track has spent in the engine so far. */
  const engineSec = new Map<string, number>();
  let running: Running | null = null;

  function newTrack(name: string, source: TrackSource): Track {
    return {
      id: ctx.newId(),
      name,
      source,
      addedAt: ctx.now(),
      status: 'decoding',
      stage: 'decode',
      progress: 0,
      progressScope: 'track',
      audioUrl: null,
      sourceDurationSec: null,
      warnings: [],
      result: null,
      partial: false,
      genre: { status: 'pending' },
      genreFromPreview: false,
      error: null,
      restored: false,
      contentHash: null,
      analysisSec: null,
    };
  }

  /** Shows a result if it belongs to the focused track or nothing is shown yet. */
  function showIfFocused(id: string): void {
    const s = get();
    if (s.focusId === id || s.viewedId === null) {
      if (s.viewedId !== id) ctx.showFromStart(id);
    }
  }

  function applyGenre(id: string, g: GenreResult | { unavailable: string }, fromPreview: boolean): void {
    const t = track(id);
    if (!t) return;
    // Silence is decided from the samples (see prepare): no model needed to say so.
    if (t.genre.status === 'ready' && t.genre.result.status === 'no-music' && t.genre.result.backend === 'none') return;
    patch(id, { genre: 'unavailable' in g ? { status: 'unavailable', message: g.unavailable } : { status: 'ready', result: g }, genreFromPreview: fromPreview });
  }

  function handlersFor(id: string, turn: number, waveform: WaveformEnvelope, partial: boolean): EngineHandlers {
    return {
      progress(stage, fraction) {
        const t = track(id);
        if (!t || !current(id, turn) || (partial && !t.partial && t.result)) return;
        const scope = partial ? 'opening' : 'track';
        patch(id, (t) => ({ status: 'analysing', stage, progressScope: scope, progress: Math.max(t.progressScope === scope ? t.progress : 0, overallProgress(stage, fraction)) }));
      },
      features(a: TrackAnalysis, warnings) {
        const t = track(id);
        if (!t || !current(id, turn)) return;
        // A late preview never replaces the full result.
        if (partial && t.result && !t.partial) return;
        patch(id, { result: toTrackResult(a, waveform), partial, ...(partial ? {} : { warnings }) });
        showIfFocused(id);
      },
      genre(g) {
        const t = track(id);
        if (!t || !current(id, turn)) return;
        if (partial && t.result && !t.partial && !t.genreFromPreview && t.genre.status !== 'pending') return;
        applyGenre(id, g, partial);
      },
    };
  }

  /** The audio of a long track's quick first look: its opening handed over early, or cut from the whole. */
  function openingOf(w: Waiting): { pcm: Float32Array; sr: number } | null {
    if (w.opening) return w.opening;
    const whole = w.whole;
    if (whole && whole.pcm.length / whole.sr > PREVIEW_MIN_SEC) return { pcm: whole.pcm.slice(0, Math.round(PREVIEW_SEC * whole.sr)), sr: whole.sr };
    return null;
  }

  /** Starts the next waiting job, in the queue's order, when the engine is free. */
  function pump(): void {
    if (running) return;
    for (const t of queueOrder(get().tracks)) {
      const w = waiting.get(t.id);
      const turn = turns.get(t.id);
      if (!w || turn === undefined) continue; // still being hashed or decoded
      if (!w.openingDone) {
        const opening = openingOf(w);
        if (opening) {
          w.openingDone = true;
          w.opening = null;
          const { pcm, sr } = opening;
          // the opening's quick genre only: its musicnn pass would hold up the whole track's
          start(t.id, turn, true, deps.engine.analyze(pcm, sr, handlersFor(t.id, turn, waveformEnvelope(pcm, sr), true), { refine: false }));
          return;
        }
        if (!w.whole) continue; // the opening was silent: wait for the whole
      }
      if (w.whole) {
        const { pcm, sr, waveform, source } = w.whole;
        waiting.delete(t.id);
        start(t.id, turn, false, deps.engine.analyze(pcm, sr, handlersFor(t.id, turn, waveform, false), { source }));
        return;
      }
    }
  }

  function start(id: string, turn: number, opening: boolean, job: EngineJob): void {
    const r: Running = { id, turn, job, startedAt: ctx.now() };
    running = r;
    jobs.set(id, [...(jobs.get(id) ?? []), job]);
    patch(id, { status: 'analysing' });
    job.done.then(
      () => ended(r, opening, null),
      (err: unknown) => ended(r, opening, err),
    );
  }

  function ended(r: Running, opening: boolean, err: unknown): void {
    const { id, job } = r;
    if (running === r) running = null;
    if (current(id, r.turn)) {
      const left = (jobs.get(id) ?? []).filter((j) => j !== job);
      if (left.length) jobs.set(id, left);
      else jobs.delete(id);
      engineSec.set(id, (engineSec.get(id) ?? 0) + (ctx.now() - r.startedAt) / 1000);
      // An opening's failure is the whole track's to report, if it fails too.
      if (opening) {
        const w = waiting.get(id);
        if (w) patch(id, { status: w.whole ? 'queued' : 'decoding' });
      } else if (err === null) finish(id);
      else if (!(err instanceof JobCancelled)) {
        fail(id, err, 'interrupted');
        engineSec.delete(id);
        void recordInHistory(ctx, id);
      }
    }
    pump();
  }

  function finish(id: string): void {
    kept.delete(id);
    const analysisSec = engineSec.get(id) ?? null;
    engineSec.delete(id);
    patch(id, (t) => ({
      status: 'done',
      progress: 1,
      partial: false,
      analysisSec,
      genre: t.genre.status === 'pending' ? { status: 'unavailable', message: 'The genre models are not available in this build.' } : t.genre,
    }));
    void recordInHistory(ctx, id);
  }

  function stopJobs(id: string): void {
    for (const j of jobs.get(id) ?? []) j.cancel();
    jobs.delete(id);
    if (running?.id === id) running = null;
  }

  /** The file cannot be analysed (not audio, refused by the input rules): the reason is shown, nothing kept. */
  function refuse(id: string, err: unknown): void {
    stopJobs(id);
    waiting.delete(id);
    kept.delete(id);
    engineSec.delete(id);
    fail(id, err);
    void recordInHistory(ctx, id);
    pump();
  }

  /** The input rules' verdict (src/input, as in the worker and the CLI): false, with the reason shown, when it cannot be analysed. */
  function prepare(id: string, decoded: DecodedAudio): boolean {
    try {
      checkSource(decoded.source);
    } catch (err) {
      if (!(err instanceof InputRejected)) throw err;
      refuse(id, new UserFacingError(`${err.message[0].toUpperCase()}${err.message.slice(1)}.`));
      return false;
    }
    const silent = decoded.peak < SILENCE_PEAK;
    patch(id, (t) => ({
      // The opening may already be running: keep its status and stage.
      ...(t.status === 'analysing' ? {} : { status: 'queued' as const, stage: 'spectrogram' as const, progress: overallProgress('decode', 1) }),
      sourceDurationSec: decoded.source.durationSec ?? decoded.source.analysedSec,
      ...(silent ? { genre: { status: 'ready' as const, result: noMusic() } } : {}),
    }));
    return true;
  }

  /**
   * Decodes after the files before it. A file no track in the list matches in size cannot be a
   * duplicate of one, so it decodes beside its hashing (which takes as long as the decoding of a
   * 30 s WAV: the quick answer came 50-100 ms sooner in Chromium); its audio goes to the engine
   * once `admitted` says it is to be analysed. A file that may be a duplicate waits for its hash.
   */
  function decode(id: string, turn: number, file: Blob, admitted: Promise<boolean>, maybeDuplicate: boolean): void {
    decodeChain = decodeChain.then(async () => {
      if (!current(id, turn)) return;
      if (maybeDuplicate && !(await admitted)) return;
      const w: Waiting = { opening: null, whole: null, openingDone: false };
      let isAdmitted = false;
      patch(id, { stage: 'decode', progress: 0.02 });
      const decoding = deps.decoder.decode(file, track(id)?.name ?? 'untitled', {
        ifLongerThanSec: PREVIEW_MIN_SEC,
        seconds: PREVIEW_SEC,
        // A long file's opening can be analysed while the rest is still being decoded.
        onOpening: (opening) => {
          if (!current(id, turn) || opening.peak < SILENCE_PEAK) return;
          w.opening = opening;
          patch(id, { sourceDurationSec: opening.source.durationSec });
          if (isAdmitted) pump();
        },
      });
      if (!(await admitted) || !current(id, turn)) {
        decoding.catch(() => undefined); // cancelled meanwhile, or a duplicate of a track restored from the history: not needed
        return;
      }
      isAdmitted = true;
      waiting.set(id, w);
      if (w.opening) pump();
      let decoded: DecodedAudio;
      try {
        decoded = await decoding;
      } catch (err) {
        if (current(id, turn)) refuse(id, err);
        return;
      }
      if (!current(id, turn)) return; // cancelled (or run again) meanwhile
      if (prepare(id, decoded)) {
        w.whole = decoded;
        pump();
      }
    });
  }

  /** The same audio as `existing`: the dropped track goes, and the existing one is shown (or run again, or left to finish). */
  function reuse(dropped: Track, existing: Track): void {
    const again = existing.status === 'cancelled' || existing.status === 'interrupted';
    // A result from the history has no audio: the dropped file's plays it.
    const giveAudio = existing.audioUrl === null && dropped.audioUrl !== null;
    if (dropped.audioUrl && !giveAudio) deps.urls.revoke(dropped.audioUrl);
    const file = kept.get(dropped.id);
    kept.delete(dropped.id);
    if (file && again) kept.set(existing.id, file);
    set((s) => ({
      tracks: s.tracks.filter((x) => x.id !== dropped.id).map((x) => (x.id === existing.id && giveAudio ? { ...x, audioUrl: dropped.audioUrl } : x)),
      focusId: s.focusId === dropped.id ? existing.id : s.focusId,
    }));
    if (again) {
      void runAgain(existing.id);
      return;
    }
    const same = dropped.name === existing.name ? `“${dropped.name}” is` : `“${dropped.name}” is the same audio as “${existing.name}”:`;
    if (existing.status === 'done') {
      set({ focusId: existing.id });
      ctx.showFromStart(existing.id);
      raise(`${same} already analysed, so its result is shown again.`, existing.id, 'info');
    } else raise(`${same} already in the queue.`, existing.id, 'info');
  }

  /** After hashing: true when the track is to be analysed, false when it is a duplicate (reused) or gone. */
  function admit(id: string, turn: number, hash: string | null): boolean {
    const t = track(id);
    if (!t || !current(id, turn)) return false;
    if (hash) {
      patch(id, { contentHash: hash });
      const existing = get().tracks.find((x) => x.id !== id && x.contentHash === hash && x.status !== 'error');
      if (existing) {
        reuse(t, existing);
        return false;
      }
    }
    // From now on a reload finds it, interrupted.
    void recordInHistory(ctx, id);
    return true;
  }

  function hashOf(file: Blob): Promise<string | null> {
    return deps.hasher ? deps.hasher.hash(file).catch(() => null) : Promise.resolve(null);
  }

  function addFile(id: string, file: Blob): void {
    kept.set(id, file);
    const turn = nextTurn(id);
    const hashing = hashOf(file);
    // Files are hashed side by side but admitted in the order dropped: of two equal ones, the first stays.
    const admitted = hashChain.then(() => hashing).then((hash) => admit(id, turn, hash));
    hashChain = admitted;
    const maybeDuplicate = [...sizes].some(([other, size]) => other !== id && size === file.size && track(other) !== undefined);
    sizes.set(id, file.size);
    decode(id, turn, file, admitted, maybeDuplicate);
  }

  function addPcm(name: string, source: TrackSource, pcm: Float32Array, sr: number): string {
    const t = newTrack(name, source);
    t.audioUrl = deps.urls.forPcm(pcm, sr);
    set((s) => ({ tracks: [...s.tracks, t], focusId: t.id, alert: null }));
    nextTurn(t.id);
    void recordInHistory(ctx, t.id);
    const seconds = pcm.length / sr;
    const decoded: DecodedAudio = { pcm, sr, source: { sampleRate: sr, channels: 1, durationSec: seconds, analysedSec: seconds, cut: false }, ...describePcm(pcm, sr) };
    if (prepare(t.id, decoded)) {
      waiting.set(t.id, { opening: null, whole: decoded, openingDone: false });
      pump();
    }
    return t.id;
  }

  function cancel(id: string): void {
    const t = track(id);
    if (!t || !isBusy(t)) return;
    nextTurn(id);
    waiting.delete(id);
    engineSec.delete(id);
    stopJobs(id);
    // Nothing more is on its way: a long track's opening result stays, as what it is.
    patch(id, { status: 'cancelled', partial: false });
    void recordInHistory(ctx, id);
    pump();
  }

  async function runAgain(id: string, file?: Blob): Promise<void> {
    const can = (t: Track | undefined): t is Track => t !== undefined && (t.status === 'cancelled' || t.status === 'interrupted');
    const before = track(id);
    if (!can(before)) return;
    let hash = before.contentHash ?? null;
    if (file) {
      const chosen = await hashOf(file);
      if (hash && chosen && chosen !== hash) {
        raise(`That file is not the audio of “${before.name}” (its content differs): choose “${before.name}” to run it again.`, id, 'info');
        return;
      }
      hash = chosen ?? hash;
      kept.set(id, file);
    }
    const audio = kept.get(id);
    const t = track(id);
    if (!can(t)) return;
    if (!audio) {
      raise(`The audio of “${t.name}” is not kept: choose the file again to run it again.`, id, 'info');
      return;
    }
    const turn = nextTurn(id);
    const again: Track = { ...newTrack(t.name, t.source), id, audioUrl: t.audioUrl ?? deps.urls.forBlob(audio), contentHash: hash };
    // Run again, it is the newest analysis: the end of the list.
    set((s) => ({ tracks: [...s.tracks.filter((x) => x.id !== id), again], focusId: id, alert: s.alert?.trackId === id ? null : s.alert }));
    void recordInHistory(ctx, id);
    decode(id, turn, audio, Promise.resolve(true), false);
  }

  function forget(id: string): void {
    turns.delete(id);
    sizes.delete(id);
    kept.delete(id);
    waiting.delete(id);
    engineSec.delete(id);
  }

  return { newTrack, addFile, addPcm, cancel, runAgain, forget };
}
