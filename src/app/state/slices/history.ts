/**
 * The history slice: the analyses kept across reloads through the injected HistoryRepository
 * (IndexedDB in the page: src/app/services/history.ts). It restores them at start (loadHistory);
 * recordInHistory, called by the analysis flow and the tracks slice, writes a track as it stands:
 * a track still running is kept as "interrupted" (what it is if the page goes away), a finished
 * one with its outcome and result, and a refused file not at all.
 */
import type { HistoryEntry, HistoryOutcome, Track } from '../types.ts';
import type { Slice, SliceContext } from './shared.ts';

export type HistorySlice = Slice<'historyLoaded' | 'loadHistory'>;

/** What a track's history entry says of how it ended. */
function outcomeOf(t: Track): HistoryOutcome {
  return t.status === 'done' || t.status === 'cancelled' ? t.status : 'interrupted';
}

export function historyEntry(t: Track): HistoryEntry {
  return {
    id: t.id,
    name: t.name,
    source: t.source,
    addedAt: t.addedAt,
    sourceDurationSec: t.sourceDurationSec,
    warnings: t.warnings,
    result: t.result,
    genre: t.genre.status === 'ready' ? t.genre.result : null,
    outcome: outcomeOf(t),
    contentHash: t.contentHash ?? null,
    analysisSec: t.analysisSec ?? null,
    error: t.status === 'interrupted' ? t.error : null,
  };
}

/** Writes the track's entry (a refused file's is deleted); a failure to store a finished result is told, not fatal. */
export async function recordInHistory(ctx: SliceContext, id: string): Promise<void> {
  const t = ctx.track(id);
  const history = ctx.deps.history;
  if (!history || !t) return;
  try {
    if (t.status === 'error') await history.remove(id);
    else await history.put(historyEntry(t));
  } catch {
    if (t.status === 'done') ctx.raise('Could not save this result to the history (storage full or unavailable); it stays until you reload.', null, 'info');
  }
}

/** What an analysis that did not finish says after a reload. */
export const INTERRUPTED_BY_RELOAD = 'The page was closed or reloaded before the analysis finished.';

/** A history entry as a track, without audio. */
function restoredTrack(e: HistoryEntry): Track {
  const done = e.outcome === 'done';
  return {
    id: e.id,
    name: e.name,
    source: e.source,
    addedAt: e.addedAt,
    status: e.outcome,
    stage: 'model',
    progress: done ? 1 : 0,
    progressScope: 'track',
    audioUrl: null,
    sourceDurationSec: e.sourceDurationSec,
    warnings: e.warnings ?? [],
    result: e.result,
    partial: false,
    genre: e.genre ? { status: 'ready', result: e.genre } : { status: 'unavailable', message: done ? 'No genre was computed for this result.' : 'The analysis did not finish.' },
    error: e.outcome === 'interrupted' ? (e.error ?? INTERRUPTED_BY_RELOAD) : null,
    genreFromPreview: false,
    restored: true,
    contentHash: e.contentHash,
    analysisSec: e.analysisSec,
  };
}

export function createHistorySlice(ctx: SliceContext): HistorySlice {
  const { set, get, deps, raise } = ctx;
  return {
    historyLoaded: false,

    async loadHistory() {
      if (!deps.history) {
        set({ historyLoaded: true });
        return;
      }
      let entries: HistoryEntry[];
      try {
        entries = await deps.history.load();
      } catch {
        set({ historyLoaded: true });
        raise('The history of earlier results could not be read (storage unavailable).', null, 'info');
        return;
      }
      const known = new Set(get().tracks.map((t) => t.id));
      const restored = entries.filter((e) => !known.has(e.id)).map(restoredTrack);
      restored.sort((a, b) => a.addedAt - b.addedAt);
      const lastWithResult = restored.filter((t) => t.result !== null).pop();
      set((s) => ({
        tracks: [...restored, ...s.tracks],
        historyLoaded: true,
        viewedId: s.viewedId ?? lastWithResult?.id ?? null,
      }));
    },
  };
}
