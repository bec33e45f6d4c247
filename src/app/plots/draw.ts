/**
 * Canvas drawing of the time plots (waveform with beats, mel spectrogram, chromagram, musicnn's
 * taggram, the genre timeline, descriptor curves), shared by the on-screen components and the PNG
 * export. Every plot uses the same margins so one time maps to the same x in all of them (one
 * playhead across plots), and draws the visible span of the track (`span`, the whole track by
 * default, as the export draws it): only the columns inside it, clipped to the plotting area.
 * Axes: seconds or m:ss along x (timeAxis.ts), Hz for the mel bands, note names for the chroma,
 * tag names for the taggram, percent for the timeline.
 */
import { hzToMel, PITCH_CLASSES } from '../../dsp/core/convert.ts';
import type { Matrix } from '../../dsp/matrix.ts';
import type { WaveformEnvelope } from '../state/types.ts';
import { thinBeats } from './beats.ts';
import { cssColor, inkOn, type ColorMap } from './colormap.ts';
import { timelineFrames, type StripSegment, type TimelineBand } from './genreTimeline.ts';
import { taggramCells } from './taggramLayout.ts';
import { DEFAULT_THEME, type PlotTheme } from './theme.ts';
import { timeTicks } from './timeAxis.ts';
import { fullSpan, MARGIN, plotArea, spanLength, xOfTime, type PlotFrame, type TimeSpan } from './timeView.ts';

export { DEFAULT_THEME, MARGIN, plotArea, type PlotTheme };

export type Frame = PlotFrame;

/** The time axis under the frame: ticks at a round step of the visible span, labels in s or m:ss. */
function timeAxis(ctx: CanvasRenderingContext2D, f: Frame, span: TimeSpan, durationSec: number, theme: PlotTheme, secondsAgo = false): void {
  const { ticks, unit } = timeTicks(span, Math.max(2, Math.floor(f.width / 70)), secondsAgo ? 0 : durationSec);
  ctx.fillStyle = theme.ink;
  ctx.strokeStyle = theme.ink;
  ctx.font = theme.font;
  ctx.textBaseline = 'top';
  ctx.lineWidth = 1;
  for (const { t, label } of ticks) {
    const x = xOfTime(t, f, span);
    ctx.beginPath();
    ctx.moveTo(x, f.y + f.height);
    ctx.lineTo(x, f.y + f.height + 4);
    ctx.stroke();
    const now = secondsAgo && Math.abs(t - durationSec) < 1e-6;
    // Labels at the frame's edges stay inside the canvas.
    ctx.textAlign = now || x > f.x + f.width - 14 ? 'right' : 'center';
    const text = secondsAgo ? (now ? 'now' : `\u2212${Number((durationSec - t).toFixed(1))}`) : label;
    ctx.fillText(text, now ? x + 4 : ctx.textAlign === 'right' ? x + 8 : x, f.y + f.height + 6);
  }
  ctx.textAlign = 'left';
  ctx.fillText(unit, 2, f.y + f.height + 6);
}

/** Limits drawing to the plotting area while `body` runs. */
function clipped(ctx: CanvasRenderingContext2D, f: Frame, body: () => void): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.x, f.y, f.width, f.height);
  ctx.clip();
  body();
  ctx.restore();
}

function yLabels(ctx: CanvasRenderingContext2D, f: Frame, labels: { at: number; text: string }[], theme: PlotTheme): void {
  ctx.fillStyle = theme.ink;
  ctx.font = theme.font;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const l of labels) {
    const y = f.y + f.height * (1 - l.at);
    ctx.fillText(l.text, f.x - 6, y);
    ctx.fillRect(f.x - 4, y, 3, 1);
  }
}

/** The vertical axis's title, rotated, in the left margin. */
function yAxisTitle(ctx: CanvasRenderingContext2D, f: Frame, text: string): void {
  ctx.save();
  ctx.translate(12, f.y + f.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

function prepare(ctx: CanvasRenderingContext2D, width: number, height: number, theme: PlotTheme): Frame {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  return plotArea(width, height);
}

const ORDINAL: Record<number, string> = { 2: '2nd', 3: '3rd' };
const ordinal = (n: number) => ORDINAL[n] ?? (n % 10 === 2 && n % 100 !== 12 ? `${n}nd` : `${n}th`);

export function drawWaveform(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  w: WaveformEnvelope,
  beatTimes: readonly number[],
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(w.durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  const mid = f.y + f.height / 2;
  let peak = 1e-9;
  for (let i = 0; i < w.max.length; i++) peak = Math.max(peak, Math.abs(w.min[i]), Math.abs(w.max[i]));
  const scale = (f.height / 2) * (peak > 0 ? 0.95 / Math.max(peak, 0.05) : 1);
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  ctx.moveTo(f.x, mid);
  ctx.lineTo(f.x + f.width, mid);
  ctx.stroke();
  ctx.fillStyle = theme.wave;
  const n = w.max.length;
  const columns = Math.max(1, Math.floor(f.width));
  // Envelope buckets per css pixel of the visible span (one bucket stretched when zoomed past them).
  const bucketsPerSec = n / (w.durationSec || 1);
  const secPerPx = spanLength(span) / columns;
  for (let px = 0; px < columns; px++) {
    const t0 = span.startSec + px * secPerPx;
    if (t0 >= w.durationSec) break;
    const a = Math.floor(t0 * bucketsPerSec);
    const b = Math.max(a + 1, Math.floor((t0 + secPerPx) * bucketsPerSec));
    let lo = 0;
    let hi = 0;
    for (let i = a; i < b && i < n; i++) {
      if (w.min[i] < lo) lo = w.min[i];
      if (w.max[i] > hi) hi = w.max[i];
    }
    const top = mid - hi * scale;
    ctx.fillRect(f.x + px, top, 1, Math.max(1, (hi - lo) * scale));
  }
  // Beats thinned to what this zoom can show (beats.ts): a tick on top and a faint line through the wave.
  const beats = thinBeats(beatTimes, span, f.width);
  ctx.fillStyle = theme.beat;
  for (const t of beats.times) {
    const x = xOfTime(t, f, span);
    ctx.fillRect(x - 0.75, f.y, 1.5, 6);
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x - 0.5, f.y + 6, 1, f.height - 6);
    ctx.globalAlpha = 1;
  }
  if (beats.every > 1) {
    const note = `every ${ordinal(beats.every)} beat shown`;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    const tw = ctx.measureText(note).width;
    ctx.fillStyle = theme.background;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(f.x + f.width - tw - 8, f.y + 7, tw + 6, 14);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.ink;
    ctx.fillText(note, f.x + f.width - 4, f.y + 8);
  }
  yLabels(ctx, f, [
    { at: 0.5, text: '0' },
    { at: 0.975, text: '+' },
    { at: 0.025, text: '−' },
  ], theme);
  timeAxis(ctx, f, span, w.durationSec, theme);
}

/** The colour map as 256 packed RGBA pixels in the platform's byte order (one store per pixel). */
const packedMaps = new WeakMap<ColorMap, Uint32Array>();
function packed(map: ColorMap): Uint32Array {
  let lut = packedMaps.get(map);
  if (!lut) {
    const bytes = new Uint8ClampedArray(256 * 4);
    for (let k = 0; k < 256; k++) bytes.set([map[k * 3], map[k * 3 + 1], map[k * 3 + 2], 255], k * 4);
    lut = new Uint32Array(bytes.buffer);
    packedMaps.set(map, lut);
  }
  return lut;
}

/**
 * A matrix coloured once into a bitmap (one pixel per cell, row 0 at the bottom) and kept with
 * the matrix, so zooming and panning only copy the visible columns of it (drawImage), instead
 * of colouring the whole matrix again (10-25 ms for a 5-minute track's spectrogram).
 */
const tiles = new WeakMap<Matrix, { map: ColorMap; lo: number; hi: number; tile: OffscreenCanvas }>();
function matrixTile(m: Matrix, map: ColorMap, lo: number, hi: number): OffscreenCanvas {
  const kept = tiles.get(m);
  if (kept && kept.map === map && kept.lo === lo && kept.hi === hi) return kept.tile;
  const img = new ImageData(m.cols, m.rows);
  const px = new Uint32Array(img.data.buffer);
  const lut = packed(map);
  const scale = 255 / (hi - lo || 1);
  const { rows, cols, data } = m;
  for (let r = 0; r < rows; r++) {
    const src = r * cols;
    const dst = (rows - 1 - r) * cols;
    for (let c = 0; c < cols; c++) {
      const v = (data[src + c] - lo) * scale;
      px[dst + c] = lut[v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0];
    }
  }
  const tile = new OffscreenCanvas(m.cols, m.rows);
  tile.getContext('2d')!.putImageData(img, 0, 0);
  tiles.set(m, { map, lo, hi, tile });
  return tile;
}

/** Draws the visible columns of a bins x columns matrix whose first column starts at `offsetSec`, mapped through `map` from [lo, hi]. */
function drawMatrix(ctx: CanvasRenderingContext2D, f: Frame, m: Matrix, map: ColorMap, lo: number, hi: number, secondsPerColumn: number, offsetSec: number, span: TimeSpan): void {
  if (m.cols === 0 || m.rows === 0 || !(secondsPerColumn > 0)) return;
  const from = Math.max(span.startSec, offsetSec);
  const to = Math.min(span.endSec, offsetSec + m.cols * secondsPerColumn);
  if (to <= from) return;
  const tile = matrixTile(m, map, lo, hi);
  const sx = (from - offsetSec) / secondsPerColumn;
  const sw = (to - from) / secondsPerColumn;
  const x0 = xOfTime(from, f, span);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, sx, 0, sw, m.rows, x0, f.y, xOfTime(to, f, span) - x0, f.height);
}

/** The loudest value of a matrix (kept per matrix: zooming draws it again and again). */
const peaks = new WeakMap<Matrix, number>();
function peakOf(m: Matrix): number {
  let hi = peaks.get(m);
  if (hi === undefined) {
    hi = -Infinity;
    for (let i = 0; i < m.data.length; i++) if (m.data[i] > hi) hi = m.data[i];
    if (!Number.isFinite(hi)) hi = 0;
    peaks.set(m, hi);
  }
  return hi;
}

export function drawMelSpectrogram(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  melDb: Matrix,
  secondsPerColumn: number,
  durationSec: number,
  map: ColorMap,
  /** scrolling: newest column at the right edge, time axis in seconds ago (live mode). */
  opts: { fmaxHz: number; floorDb?: number; scrolling?: boolean },
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  const hi = peakOf(melDb);
  const lo = opts.floorDb ?? hi - 80;
  const offset = opts.scrolling ? durationSec - melDb.cols * secondsPerColumn : 0;
  drawMatrix(ctx, f, melDb, map, lo, hi, secondsPerColumn, offset, span);
  const top = hzToMel(opts.fmaxHz);
  // Candidate ticks low to high; keep those at least 14 px above the last kept one.
  const labels: { at: number; text: string }[] = [];
  let lastY = Infinity;
  for (const hz of [0, 250, 500, 1000, 2000, 4000, 8000, 16000]) {
    if (hz >= opts.fmaxHz) break;
    const at = hzToMel(hz) / top;
    const y = f.height * (1 - at);
    if (lastY - y < 14) continue;
    labels.push({ at, text: hz >= 1000 ? `${hz / 1000}k` : String(hz) });
    lastY = y;
  }
  yLabels(ctx, f, labels, theme);
  yAxisTitle(ctx, f, 'Hz');
  timeAxis(ctx, f, span, durationSec, theme, opts.scrolling);
}

export function drawChromagram(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  chroma: Matrix,
  secondsPerColumn: number,
  durationSec: number,
  map: ColorMap,
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  drawMatrix(ctx, f, chroma, map, 0, 1, secondsPerColumn, 0, span);
  const every = f.height / 12 < 11 ? 2 : 1;
  yLabels(
    ctx,
    f,
    PITCH_CLASSES.map((p, i) => ({ at: (i + 0.5) / 12, text: i % every === 0 ? p : '' })).filter((l) => l.text),
    theme,
  );
  timeAxis(ctx, f, span, durationSec, theme);
}

/** A descriptor's curve over time (min/max envelope per pixel column, so peaks survive). */
export function drawCurve(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  values: Float32Array,
  secondsPerPoint: number,
  durationSec: number,
  color: string,
  formatValue: (v: number) => string,
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  if (!Number.isFinite(lo)) return;
  if (lo > 0 && lo < hi * 0.25) lo = 0; // start positive quantities at zero unless that hides the detail
  const range = hi - lo || 1;
  ctx.strokeStyle = theme.grid;
  ctx.strokeRect(f.x + 0.5, f.y + 0.5, f.width - 1, f.height - 1);
  ctx.fillStyle = color;
  const columns = Math.max(1, Math.floor(f.width));
  const secPerPx = spanLength(span) / columns;
  let prevHi = NaN;
  let prevLo = NaN;
  for (let px = 0; px < columns; px++) {
    const t0 = span.startSec + px * secPerPx;
    const a = Math.floor(t0 / secondsPerPoint);
    const b = Math.max(a + 1, Math.floor((t0 + secPerPx) / secondsPerPoint));
    if (a >= values.length) break;
    let cLo = Infinity;
    let cHi = -Infinity;
    for (let i = a; i < b && i < values.length; i++) {
      if (values[i] < cLo) cLo = values[i];
      if (values[i] > cHi) cHi = values[i];
    }
    // Join to the previous column so a sparse curve stays continuous.
    if (!Number.isNaN(prevHi)) {
      cLo = Math.min(cLo, prevHi);
      cHi = Math.max(cHi, prevLo);
    }
    prevHi = cHi;
    prevLo = cLo;
    const top = f.y + f.height * (1 - (cHi - lo) / range);
    const bottom = f.y + f.height * (1 - (cLo - lo) / range);
    ctx.fillRect(f.x + px, top, 1, Math.max(1.5, bottom - top));
  }
  yLabels(ctx, f, [
    { at: 1, text: formatValue(hi) },
    { at: 0, text: formatValue(lo) },
  ], theme);
  timeAxis(ctx, f, span, durationSec, theme);
}

/** One taggram row: which tag (its index in every patch's values) and the name to print. */
export interface TaggramRow {
  index: number;
  label: string;
}

/**
 * musicnn's taggram as a heatmap: one row per tag (rows[0] at the top), one cell per patch on the
 * track's time axis (taggramLayout.ts), colour = probability on a fixed 0..1 scale, so two tracks'
 * pictures compare. The tag names sit inside the plot, on a backing of the theme's background, since the margin that
 * keeps the time axis shared with the other plots is too narrow for them.
 */
export function drawTaggram(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  patches: readonly { start: number; end: number; values: readonly number[] }[],
  rows: readonly TaggramRow[],
  durationSec: number,
  map: ColorMap,
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  if (rows.length === 0 || durationSec <= 0) return;
  const rowH = f.height / rows.length;
  clipped(ctx, f, () => {
    for (const c of taggramCells(f, patches, rows.map((r) => r.index), durationSec, span)) {
      ctx.fillStyle = cssColor(map, c.value);
      ctx.fillRect(c.x, c.y, c.w, c.h);
    }
  });
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach((r, i) => {
    const mid = f.y + (i + 0.5) * rowH;
    const tw = ctx.measureText(r.label).width;
    ctx.fillStyle = theme.background;
    ctx.globalAlpha = 0.82;
    ctx.fillRect(f.x + 2, Math.round(mid - Math.min(7, rowH / 2 - 1)), tw + 8, Math.min(14, rowH - 2));
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.ink;
    ctx.fillText(r.label, f.x + 6, mid);
  });
  ctx.font = theme.font;
  ctx.fillStyle = theme.ink;
  yAxisTitle(ctx, f, 'tags');
  timeAxis(ctx, f, span, durationSec, theme);
}

/**
 * The genre along the track: on top a strip of the top genre (labelled where it fits), below it
 * the ten probabilities of each band stacked bottom up in GTZAN order (genreTimeline.ts lays
 * them out), in whole pixels so each genre's colour is exactly its palette colour.
 */
export function drawGenreTimeline(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  bands: readonly TimelineBand[],
  strip: readonly StripSegment[],
  colors: readonly string[],
  names: readonly string[],
  durationSec: number,
  theme: PlotTheme = DEFAULT_THEME,
  span: TimeSpan = fullSpan(durationSec),
): void {
  const f = prepare(ctx, width, height, theme);
  const parts = timelineFrames(f);
  const x = (t: number) => Math.round(xOfTime(t, f, span));
  clipped(ctx, f, () => {
    const { stack } = parts;
    const bottom = stack.y + stack.height;
    for (const b of bands) {
      if (b.endSec < span.startSec || b.startSec > span.endSec) continue;
      const x0 = x(b.startSec);
      const w = Math.max(1, x(b.endSec) - x0);
      const total = b.probabilities.reduce((a, v) => a + v, 0) || 1;
      let below = 0;
      let yLow = bottom;
      b.probabilities.forEach((p, k) => {
        below += p / total;
        const yHigh = k === b.probabilities.length - 1 ? stack.y : Math.round(bottom - below * stack.height);
        if (yLow - yHigh > 0) {
          ctx.fillStyle = colors[k];
          ctx.fillRect(x0, yHigh, w, yLow - yHigh);
        }
        yLow = yHigh;
      });
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (const s of strip) {
      if (s.endSec < span.startSec || s.startSec > span.endSec) continue;
      const x0 = x(s.startSec);
      const w = Math.max(1, x(s.endSec) - x0);
      ctx.fillStyle = colors[s.genre];
      ctx.fillRect(x0, parts.strip.y, w, parts.strip.height);
      const name = names[s.genre];
      // The label in the visible part of the segment, where it fits.
      const left = Math.max(x0, f.x);
      const right = Math.min(x0 + w, f.x + f.width);
      if (right - left >= ctx.measureText(name).width + 8) {
        ctx.fillStyle = inkOn(colors[s.genre]);
        ctx.fillText(name, (left + right) / 2, parts.strip.y + parts.strip.height / 2 + 0.5);
      }
    }
  });
  ctx.font = theme.font;
  yLabels(ctx, parts.stack, [
    { at: 0, text: '0' },
    { at: 0.5, text: '50' },
    { at: 1, text: '100' },
  ], theme);
  yAxisTitle(ctx, parts.stack, '%');
  timeAxis(ctx, f, span, durationSec, theme);
}
