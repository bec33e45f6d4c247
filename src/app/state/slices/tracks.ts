/**
 * The tracks slice: the list of tracks (oldest first, restored history entries included) and the
 * actions that add to it or take from it: dropped files and the demo clip (each queued through the
 * analysis flow), cancelling one track's jobs, removing a track from the list and the history.
 */
import type { Track } from '../types.ts';
import type { AnalysisFlow } from './analysis.ts';
import type { Slice, SliceContext } from './shared.ts';

export type TracksSlice = Slice<'tracks' | 'addFiles' | 'addDemo' | 'cancel' | 'remove'>;

export function createTracksSlice(ctx: SliceContext, flow: AnalysisFlow): TracksSlice {
  const { set, get, deps, jobs, cancelled, track, patch, raise } = ctx;
  return {
    tracks: [],

    addFiles(files) {
      const added: Track[] = [];
      for (const f of files) {
        const name = f.name || 'untitled';
        const t = flow.newTrack(name, 'file');
        if (f.size === 0) {
          added.push({ ...t, status: 'error', error: 'This file is empty (0 bytes).' });
          continue;
        }
        t.audioUrl = deps.urls.forBlob(f);
        added.push(t);
      }
      if (added.length === 0) return [];
      set((s) => ({ tracks: [...s.tracks, ...added], focusId: added[0].id, alert: null }));
      for (const t of added) {
        if (t.status === 'error') raise(`${t.name}: ${t.error}`, t.id);
        else flow.decodeAndQueue(t.id, files[added.indexOf(t)], t.name);
      }
      return added.map((t) => t.id);
    },

    async addDemo() {
      if (!deps.demo) return;
      try {
        const blob = await deps.demo.render();
        const file = Object.assign(blob, { name: 'Demo (synthesised)' });
        const [id] = get().addFiles([file]);
        if (id) patch(id, { source: 'demo' });
      } catch (err) {
        raise(`Could not make the demo clip: ${err instanceof Error ? err.message : String(err)}`, null);
      }
    },

    cancel(id) {
      const t = track(id);
      if (!t || t.status === 'done' || t.status === 'error' || t.status === 'cancelled') return;
      cancelled.add(id);
      for (const j of jobs.get(id) ?? []) j.cancel();
      jobs.delete(id);
      patch(id, { status: 'cancelled', partial: t.partial });
    },

    remove(id) {
      const t = track(id);
      if (!t) return;
      get().cancel(id);
      if (t.audioUrl) deps.urls.revoke(t.audioUrl);
      set((s) => ({
        tracks: s.tracks.filter((x) => x.id !== id),
        focusId: s.focusId === id ? null : s.focusId,
        viewedId: s.viewedId === id ? null : s.viewedId,
        alert: s.alert?.trackId === id ? null : s.alert,
      }));
      void deps.history?.remove(id).catch(() => undefined);
    },
  };
}
