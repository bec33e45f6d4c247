/**
 * The analysis flow of one track, no state of its own in the store: decode (one at a time, on the
 * UI thread's Web Audio decoder) -> the input rules -> the worker analyses (jobs queue there; a new
 * file never cancels another) -> features arrive -> the genre arrives with them or later. A long
 * track first gets a quick result for its opening (PREVIEW_SEC), then the whole one. A finished
 * track is saved to the history. The tracks and recorder slices start tracks through it.
 */
import type { TrackAnalysis } from '../../../analysis/types.ts';
import { checkSource, InputRejected } from '../../../input/rules.ts';
import { noMusicVerdict } from '../../../model/verdict.ts';
import type { DecodedAudio, EngineHandlers } from '../ports.ts';
import { JobCancelled, UserFacingError } from '../ports.ts';
import { describePcm, SILENCE_PEAK } from '../pcm.ts';
import { toTrackResult, waveformEnvelope } from '../result.ts';
import type { GenreResult, PipelineStage, Track, TrackSource, WaveformEnvelope } from '../types.ts';
import { GTZAN_GENRES } from '../types.ts';
import { saveToHistory } from './history.ts';
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
  /** Decodes the file after those before it, then hands it to the engine. */
  decodeAndQueue(id: string, blob: Blob, name: string): void;
  /** Adds already decoded mono samples (a recording) as a track and analyses them; returns its id. */
  addPcm(name: string, source: TrackSource, pcm: Float32Array, sr: number): string;
}

export function createAnalysisFlow(ctx: SliceContext): AnalysisFlow {
  const { set, get, deps, jobs, cancelled, track, patch, fail } = ctx;
  let decodeChain: Promise<void> = Promise.resolve();

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

  function handlersFor(id: string, waveform: WaveformEnvelope, partial: boolean): EngineHandlers {
    return {
      progress(stage, fraction) {
        if (cancelled.has(id)) return;
        const t = track(id);
        if (!t || (partial && !t.partial && t.result)) return;
        const scope = partial ? 'opening' : 'track';
        patch(id, (t) => ({ status: 'analysing', stage, progressScope: scope, progress: Math.max(t.progressScope === scope ? t.progress : 0, overallProgress(stage, fraction)) }));
      },
      features(a: TrackAnalysis, warnings) {
        const t = track(id);
        if (!t || cancelled.has(id)) return;
        // A late preview never replaces the full result.
        if (partial && t.result && !t.partial) return;
        patch(id, { result: toTrackResult(a, waveform), partial, ...(partial ? {} : { warnings }) });
        showIfFocused(id);
      },
      genre(g) {
        const t = track(id);
        if (!t || cancelled.has(id)) return;
        if (partial && t.result && !t.partial && !t.genreFromPreview && t.genre.status !== 'pending') return;
        applyGenre(id, g, partial);
      },
    };
  }

  /** The quick first result of a long track: its opening analysed on its own. */
  function submitPreview(id: string, head: Float32Array, sr: number): void {
    // the opening's quick genre only: its musicnn pass would hold up the whole track's behind it
    const preview = deps.engine.analyze(head, sr, handlersFor(id, waveformEnvelope(head, sr), true), { refine: false });
    preview.done.catch(() => undefined); // the full job reports errors
    jobs.set(id, [...(jobs.get(id) ?? []), preview]);
  }

  function submit(id: string, decoded: DecodedAudio, previewDone = false): void {
    const { pcm, sr, waveform, source } = decoded;
    const durationSec = pcm.length / sr;
    if (durationSec > PREVIEW_MIN_SEC && !previewDone) submitPreview(id, pcm.slice(0, Math.round(PREVIEW_SEC * sr)), sr);
    const full = deps.engine.analyze(pcm, sr, handlersFor(id, waveform, false), { source });
    jobs.set(id, [...(jobs.get(id) ?? []), full]);
    full.done.then(
      () => {
        jobs.delete(id);
        const t = track(id);
        if (!t || cancelled.has(id)) return;
        patch(id, (t) => ({
          status: 'done',
          progress: 1,
          partial: false,
          genre: t.genre.status === 'pending' ? { status: 'unavailable', message: 'The genre models are not available in this build.' } : t.genre,
        }));
        void saveToHistory(ctx, id);
      },
      (err: unknown) => {
        jobs.delete(id);
        if (err instanceof JobCancelled || cancelled.has(id)) {
          patch(id, { status: 'cancelled' });
          return;
        }
        fail(id, err);
      },
    );
  }

  /** The input rules' verdict (src/input, as in the worker and the CLI): false, with the reason shown, when it cannot be analysed. */
  function prepare(id: string, decoded: DecodedAudio): boolean {
    try {
      checkSource(decoded.source);
    } catch (err) {
      if (!(err instanceof InputRejected)) throw err;
      fail(id, new UserFacingError(`${err.message[0].toUpperCase()}${err.message.slice(1)}.`));
      return false;
    }
    const silent = decoded.peak < SILENCE_PEAK;
    patch(id, (t) => ({
      // A preview of the opening may already be running: keep its status and stage.
      ...(t.status === 'analysing' ? {} : { status: 'queued' as const, stage: 'spectrogram' as const, progress: overallProgress('decode', 1) }),
      sourceDurationSec: decoded.source.durationSec ?? decoded.source.analysedSec,
      ...(silent ? { genre: { status: 'ready' as const, result: noMusic() } } : {}),
    }));
    return true;
  }

  function decodeAndQueue(id: string, blob: Blob, name: string): void {
    decodeChain = decodeChain.then(async () => {
      if (cancelled.has(id)) return;
      patch(id, { stage: 'decode', progress: 0.02 });
      let decoded: DecodedAudio;
      let previewDone = false;
      try {
        decoded = await deps.decoder.decode(blob, name, {
          ifLongerThanSec: PREVIEW_MIN_SEC,
          seconds: PREVIEW_SEC,
          // A long file's opening is analysed while the rest is still being decoded.
          onOpening: (opening) => {
            if (cancelled.has(id) || opening.peak < SILENCE_PEAK) return;
            previewDone = true;
            patch(id, { status: 'queued', sourceDurationSec: opening.source.durationSec });
            submitPreview(id, opening.pcm, opening.sr);
          },
        });
      } catch (err) {
        if (!cancelled.has(id)) {
          for (const j of jobs.get(id) ?? []) j.cancel();
          fail(id, err);
        }
        return;
      }
      if (cancelled.has(id)) return;
      if (prepare(id, decoded)) submit(id, decoded, previewDone);
    });
  }

  function addPcm(name: string, source: TrackSource, pcm: Float32Array, sr: number): string {
    const t = newTrack(name, source);
    t.audioUrl = deps.urls.forPcm(pcm, sr);
    set((s) => ({ tracks: [...s.tracks, t], focusId: t.id, alert: null }));
    const seconds = pcm.length / sr;
    const decoded: DecodedAudio = { pcm, sr, source: { sampleRate: sr, channels: 1, durationSec: seconds, analysedSec: seconds, cut: false }, ...describePcm(pcm, sr) };
    if (prepare(t.id, decoded)) submit(t.id, decoded);
    return t.id;
  }

  return { newTrack, decodeAndQueue, addPcm };
}
