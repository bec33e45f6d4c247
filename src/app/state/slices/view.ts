/**
 * The view slice: what the result area shows and does. The focused track (whose progress or error
 * is reported), the viewed one (whose result the panels show), the alert, the probabilities
 * panel's model view, and exporting the viewed result. (Playback and the plots' time view are
 * the time view slice, timeView.ts.)
 */
import { BUILD_INFO } from '../buildInfo.ts';
import { allTracksExport, pngName, trackExport } from '../exportFiles.ts';
import type { AppState } from '../store.ts';
import type { Track } from '../types.ts';
import type { Slice, SliceContext } from './shared.ts';

export type ViewSlice = Slice<
  'focusId' | 'viewedId' | 'alert' | 'modelView' | 'view' | 'dismissAlert' | 'setModelView' | 'exportResult'
>;

/** The track whose result the panels show. */
export const selectViewed = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.viewedId) ?? null;
/** The track whose progress or error the result area reports. */
export const selectFocus = (s: AppState): Track | null => s.tracks.find((t) => t.id === s.focusId) ?? null;

export function createViewSlice(ctx: SliceContext): ViewSlice {
  const { set, get, deps, track, raise } = ctx;
  return {
    focusId: null,
    viewedId: null,
    alert: null,
    modelView: 'ensemble',

    view(id) {
      if (!track(id)) return;
      set({ focusId: id, alert: null });
      if (track(id)?.result) ctx.showFromStart(id);
    },

    dismissAlert() {
      set({ alert: null });
    },

    setModelView(view) {
      set({ modelView: view });
    },

    async exportResult(kind, id) {
      const { exporter } = deps;
      const s = get();
      const t = track(id ?? s.viewedId ?? '');
      const all = kind === 'all-csv' ? allTracksExport(s.tracks, ctx.now()) : null;
      if (!exporter || (kind === 'all-csv' ? !all : !t?.result)) {
        raise('There is no result to export yet.', null, 'info');
        return;
      }
      try {
        if (all) {
          exporter.save(all.name, new Blob([all.text], { type: all.type }));
        } else if (!t || kind === 'all-csv') {
          return;
        } else if (kind === 'png') {
          exporter.save(pngName(t), await exporter.renderPng(t));
        } else {
          if (kind === 'windows-csv' && t.genre.status !== 'ready') {
            raise('The genre along the track is not there yet: nothing to export.', null, 'info');
            return;
          }
          const file = trackExport(kind, t, { build: BUILD_INFO, exportedAt: ctx.now(), probabilitiesView: s.modelView });
          exporter.save(file.name, new Blob([file.text], { type: file.type }));
        }
      } catch (err) {
        raise(`Export failed: ${err instanceof Error ? err.message : String(err)}`, null);
      }
    },
  };
}
