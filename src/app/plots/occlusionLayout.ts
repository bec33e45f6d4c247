/**
 * Where the occlusion map's cells ("why this genre", src/model/explain) land on a mel spectrogram
 * plot: each cell's rectangle over its time span and its band's frequencies on the spectrogram's
 * mel axis (linear in Slaney mel from 0 Hz to fmaxHz, as drawMelSpectrogram labels it), and its
 * opacity. DOM-free, so Node tests check the geometry; occlusionOverlay.ts draws it.
 */
import { hzToMel } from '../../dsp/core/convert.ts';
import type { OcclusionMap } from '../../model/explain/occlusion.ts';
import type { EvidenceRegion } from '../../model/explain/summary.ts';
import { xOfTime, type PlotFrame, type TimeSpan } from './timeView.ts';

/** The opacity of the map's largest |evidence|. */
export const MAX_ALPHA = 0.75;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OverlayCell extends Box {
  /** The cell's evidence; opacity is |evidence| / the map's largest |evidence| x MAX_ALPHA. */
  evidence: number;
  alpha: number;
}

/** y of `hz` on the spectrogram's mel axis. */
export function yOfHz(hz: number, f: PlotFrame, fmaxHz: number): number {
  return f.y + f.height * (1 - hzToMel(Math.min(hz, fmaxHz)) / hzToMel(fmaxHz));
}

/** The rectangle of `startSec`..`endSec` x `lowHz`..`highHz` (a region of evidence) on the plot. */
export function regionBox(r: Pick<EvidenceRegion, 'startSec' | 'endSec' | 'lowHz' | 'highHz'>, f: PlotFrame, fmaxHz: number, span: TimeSpan): Box {
  const x = xOfTime(r.startSec, f, span);
  const y = yOfHz(r.highHz, f, fmaxHz);
  return { x, y, width: xOfTime(r.endSec, f, span) - x, height: yOfHz(r.lowHz, f, fmaxHz) - y };
}

export function overlayCells(map: OcclusionMap, f: PlotFrame, fmaxHz: number, span: TimeSpan): OverlayCell[] {
  const largest = Math.max(1e-12, ...map.evidence.flat().map(Math.abs));
  return map.times.flatMap((t, i) =>
    map.evidence[i].map((evidence, b) => ({
      ...regionBox({ startSec: t.startSec, endSec: t.endSec, lowHz: map.bandEdgesHz[b], highHz: map.bandEdgesHz[b + 1] }, f, fmaxHz, span),
      evidence,
      alpha: (MAX_ALPHA * Math.abs(evidence)) / largest,
    })),
  );
}
