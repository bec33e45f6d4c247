/**
 * The occlusion map ("why this genre", src/model/explain) over a mel spectrogram that
 * drawMelSpectrogram drew on the same canvas: each cell a translucent rectangle over its time
 * span and its band's frequencies (the spectrogram's mel axis, 0 Hz to fmaxHz), vermillion where
 * hiding it lowered the genre's probability (evidence for it), blue where it raised it (against),
 * more opaque the larger the change against the map's largest; the strongest region outlined.
 * Okabe-Ito colours, told apart by people with any common colour vision deficiency. The
 * geometry is occlusionLayout.ts.
 */
import type { OcclusionMap } from '../../model/explain/occlusion.ts';
import { strongestRegion } from '../../model/explain/summary.ts';
import { plotArea } from './draw.ts';
import { overlayCells, regionBox } from './occlusionLayout.ts';
import { fullSpan, type TimeSpan } from './timeView.ts';

export const FOR_COLOR = '#d55e00';
export const AGAINST_COLOR = '#0072b2';

export function drawOcclusionOverlay(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  map: OcclusionMap,
  durationSec: number,
  fmaxHz: number,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = plotArea(width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.x, f.y, f.width, f.height);
  ctx.clip();
  for (const c of overlayCells(map, f, fmaxHz, span)) {
    ctx.globalAlpha = c.alpha;
    ctx.fillStyle = c.evidence >= 0 ? FOR_COLOR : AGAINST_COLOR;
    ctx.fillRect(c.x, c.y, c.width, c.height);
  }
  const r = strongestRegion(map);
  if (r) {
    ctx.globalAlpha = 1;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 3]);
    const b = regionBox(r, f, fmaxHz, span);
    ctx.strokeRect(b.x, b.y, b.width, b.height);
  }
  ctx.restore();
}
