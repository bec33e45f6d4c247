/**
 * The "why this genre" slice: per track, the occlusion map of a genre (src/model/explain), asked
 * for by the user and computed by the engine (the GenreExplainer port: the track's audio decoded
 * again and mapped in the analysis worker, about 20 s for a 30 s clip), with its progress, a
 * cancel, and whether the panel draws the map over its mel spectrogram. A new request for a track
 * replaces the one running for it. Maps are kept for the session, not in the history (the audio
 * they need is not kept there either). whyWindows gives the windows that voted most strongly.
 */
import type { OcclusionMap } from '../../../model/explain/occlusion.ts';
import { strongestWindows, type ScoredWindow } from '../../../model/explain/summary.ts';

/** The map's strongest region in words, for the panel (components do not reach the model). */
export { whereEvidence } from '../../../model/explain/summary.ts';
import { JobCancelled, UserFacingError } from '../ports.ts';
import { GTZAN_GENRES, type Genre, type GenreResult } from '../types.ts';
import type { Slice, SliceContext } from './shared.ts';

export interface ExplanationJob {
  done: Promise<OcclusionMap>;
  cancel(): void;
}

export interface GenreExplainer {
  /**
   * The map of `genre` for the audio at `url` (the track's playback object URL), `progress`
   * 0..1 on the way; rejects with JobCancelled once cancelled.
   */
  explain(audio: { url: string; name: string }, genre: Genre, progress: (fraction: number) => void): ExplanationJob;
}

/** The port this slice adds to AppDeps; without it the panel says the map is not available. */
export interface WhyDeps {
  explainer?: GenreExplainer | null;
}

export type WhyEntry =
  | { status: 'running'; genre: Genre; fraction: number }
  | { status: 'ready'; genre: Genre; map: OcclusionMap }
  | { status: 'failed'; genre: Genre; message: string };

export interface WhySliceState {
  /** Per track id; no entry: not asked for (or cancelled). */
  why: Record<string, WhyEntry>;
  /** The panel draws the map over its mel spectrogram. */
  whyOverlay: boolean;
}

export interface WhySliceActions {
  /** Computes the map of `genre` (default: the track's answer) for the track. */
  explainGenre(id: string, genre?: Genre): void;
  cancelExplain(id: string): void;
  setWhyOverlay(on: boolean): void;
}

export type WhySlice = Slice<keyof WhySliceState | keyof WhySliceActions>;

/** The genre a result gives (its top probability), or null where it names none. */
export function answerGenre(g: GenreResult): Genre | null {
  if (g.status !== 'ok' || g.probabilities.length !== GTZAN_GENRES.length) return null;
  return GTZAN_GENRES[g.probabilities.indexOf(Math.max(...g.probabilities))];
}

/** The `n` windows of the result's timeline (musicnn's patches once final) most probably `genre`. */
export function whyWindows(g: GenreResult, genre: Genre, n = 3): ScoredWindow[] {
  const k = GTZAN_GENRES.indexOf(genre);
  return strongestWindows(g.timeline.map((w) => ({ startSec: w.start, endSec: w.end, p: w.probabilities[k] ?? 0, noMusic: w.noMusic })), n);
}

const failure = (err: unknown) =>
  err instanceof UserFacingError ? err.message : `The map could not be computed: ${err instanceof Error ? err.message : String(err)}`;

export function createWhySlice(ctx: SliceContext): WhySlice {
  const { set, get, deps, track } = ctx;
  const jobs = new Map<string, ExplanationJob>();
  const put = (id: string, entry: WhyEntry | null) =>
    set((s) => {
      const why = { ...s.why };
      if (entry) why[id] = entry;
      else delete why[id];
      return { why };
    });

  return {
    why: {},
    whyOverlay: true,

    explainGenre(id, asked) {
      const t = track(id);
      const result = t?.genre.status === 'ready' ? t.genre.result : null;
      const genre = asked ?? (result ? answerGenre(result) : null);
      if (!t || !genre) return;
      jobs.get(id)?.cancel();
      jobs.delete(id);
      const explainer = deps.explainer;
      if (!explainer) return put(id, { status: 'failed', genre, message: 'Why this genre is not available here.' });
      if (!t.audioUrl) return put(id, { status: 'failed', genre, message: 'The audio of a track from the history is not kept: add the file again to see why.' });
      put(id, { status: 'running', genre, fraction: 0 });
      const job = explainer.explain({ url: t.audioUrl, name: t.name }, genre, (fraction) => {
        if (jobs.get(id) === job) put(id, { status: 'running', genre, fraction });
      });
      jobs.set(id, job);
      job.done.then(
        (map) => {
          if (jobs.get(id) !== job) return;
          jobs.delete(id);
          put(id, { status: 'ready', genre, map });
        },
        (err: unknown) => {
          if (jobs.get(id) !== job) return;
          jobs.delete(id);
          put(id, err instanceof JobCancelled ? null : { status: 'failed', genre, message: failure(err) });
        },
      );
    },

    cancelExplain(id) {
      const job = jobs.get(id);
      jobs.delete(id);
      job?.cancel();
      if (get().why[id]?.status === 'running') put(id, null);
    },

    setWhyOverlay(on) {
      set({ whyOverlay: on });
    },
  };
}
