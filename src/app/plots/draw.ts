/**
 * Canvas drawing of the time plots (waveform with beats, mel spectrogram, chromagram, musicnn's
 * taggram), shared by the on-screen components and the PNG export. Every plot uses the same
 * margins so one time maps to the same x in all of them (one playhead across plots). Axes:
 * seconds along x, Hz for the mel bands, note names for the chroma, tag names for the taggram.
 */
import { hzToMel, PITCH_CLASSES } from '../../dsp/core/convert.ts';
import type { Matrix } from '../../dsp/matrix.ts';
import type { WaveformEnvelope } from '../state/types.ts';
import { cssColor, type ColorMap } from './colormap.ts';
import { taggramCells } from './taggramLayout.ts';

export const MARGIN = { left: 52, right: 10, top: 6, bottom: 22 } as const;

export interface PlotTheme {
  ink: string;
  grid: string;
  background: string;
  wave: string;
  beat: string;
  font: string;
}

export const DEFAULT_THEME: PlotTheme = {
  ink: '#1d2330',
  grid: 'rgba(29, 35, 48, 0.18)',
  background: '#ffffff',
  wave: '#0072b2',
  beat: '#d55e00',
  font: '12px system-ui, sans-serif',
};

export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The plotting area inside a canvas of css size width x height. */
export function plotArea(width: number, height: number): Frame {
  return { x: MARGIN.left, y: MARGIN.top, width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom) };
}

/** Time (s) at css x inside a canvas of css width, clamped to the track. */
export function timeAtX(x: number, cssWidth: number, durationSec: number): number {
  const f = plotArea(cssWidth, 100);
  return Math.min(durationSec, Math.max(0, ((x - f.x) / f.width) * durationSec));
}

export function niceTimeStep(durationSec: number, maxTicks: number): number {
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200];
  return steps.find((s) => durationSec / s <= maxTicks) ?? 3600;
}

export function formatTick(t: number, step: number): string {
  if (step >= 60) return `${Math.floor(t / 60)}:${String(Math.round(t % 60)).padStart(2, '0')}`;
  return step < 1 ? t.toFixed(1) : String(Math.round(t));
}

function timeAxis(ctx: CanvasRenderingContext2D, f: Frame, durationSec: number, theme: PlotTheme, secondsAgo = false): void {
  const step = niceTimeStep(durationSec, Math.max(2, Math.floor(f.width / 70)));
  ctx.fillStyle = theme.ink;
  ctx.strokeStyle = theme.ink;
  ctx.font = theme.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.lineWidth = 1;
  for (let t = 0; t <= durationSec + 1e-9; t += step) {
    const x = f.x + (t / durationSec) * f.width;
    ctx.beginPath();
    ctx.moveTo(x, f.y + f.height);
    ctx.lineTo(x, f.y + f.height + 4);
    ctx.stroke();
    const now = secondsAgo && Math.abs(t - durationSec) < 1e-6;
    ctx.textAlign = now ? 'right' : 'center';
    ctx.fillText(secondsAgo ? (now ? 'now' : `−${formatTick(durationSec - t, step)}`) : formatTick(t, step), now ? x + 4 : x, f.y + f.height + 6);
  }
  ctx.textAlign = 'left';
  ctx.fillText(step >= 60 ? 'min:s' : 's', 2, f.y + f.height + 6);
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

export function drawWaveform(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  w: WaveformEnvelope,
  beatTimes: readonly number[],
  theme: PlotTheme = DEFAULT_THEME,
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
  for (let px = 0; px < columns; px++) {
    const a = Math.floor((px / columns) * n);
    const b = Math.max(a + 1, Math.floor(((px + 1) / columns) * n));
    let lo = 0;
    let hi = 0;
    for (let i = a; i < b && i < n; i++) {
      if (w.min[i] < lo) lo = w.min[i];
      if (w.max[i] > hi) hi = w.max[i];
    }
    const top = mid - hi * scale;
    ctx.fillRect(f.x + px, top, 1, Math.max(1, (hi - lo) * scale));
  }
  ctx.fillStyle = theme.beat;
  // Lines through the wave only where beats are far enough apart to tell them from the wave.
  const beatPx = beatTimes.length > 1 ? (f.width * (beatTimes[beatTimes.length - 1] - beatTimes[0])) / ((beatTimes.length - 1) * w.durationSec) : Infinity;
  for (const t of beatTimes) {
    if (t > w.durationSec) break;
    const x = f.x + (t / w.durationSec) * f.width;
    ctx.fillRect(x - 0.5, f.y, beatPx >= 3 ? 1.5 : 1, 6);
    if (beatPx >= 6) {
      ctx.globalAlpha = 0.35;
      ctx.fillRect(x - 0.5, f.y + 6, 1, f.height - 6);
      ctx.globalAlpha = 1;
    }
  }
  yLabels(ctx, f, [
    { at: 0.5, text: '0' },
    { at: 0.975, text: '+' },
    { at: 0.025, text: '−' },
  ], theme);
  timeAxis(ctx, f, w.durationSec, theme);
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

/** Draws a bins x columns matrix (row 0 at the bottom) mapped through `map` from [lo, hi]. */
function drawMatrix(ctx: CanvasRenderingContext2D, f: Frame, m: Matrix, map: ColorMap, lo: number, hi: number, widthFraction: number, alignRight = false): void {
  if (m.cols === 0 || m.rows === 0) return;
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
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, alignRight ? f.x + f.width * (1 - widthFraction) : f.x, f.y, f.width * widthFraction, f.height);
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
): void {
  const f = prepare(ctx, width, height, theme);
  let hi = -Infinity;
  for (let i = 0; i < melDb.data.length; i++) if (melDb.data[i] > hi) hi = melDb.data[i];
  if (!Number.isFinite(hi)) hi = 0;
  const lo = opts.floorDb ?? hi - 80;
  drawMatrix(ctx, f, melDb, map, lo, hi, Math.min(1, (melDb.cols * secondsPerColumn) / durationSec), opts.scrolling);
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
  timeAxis(ctx, f, durationSec, theme, opts.scrolling);
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
): void {
  const f = prepare(ctx, width, height, theme);
  drawMatrix(ctx, f, chroma, map, 0, 1, Math.min(1, (chroma.cols * secondsPerColumn) / durationSec));
  const every = f.height / 12 < 11 ? 2 : 1;
  yLabels(
    ctx,
    f,
    PITCH_CLASSES.map((p, i) => ({ at: (i + 0.5) / 12, text: i % every === 0 ? p : '' })).filter((l) => l.text),
    theme,
  );
  timeAxis(ctx, f, durationSec, theme);
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
  const span = hi - lo || 1;
  ctx.strokeStyle = theme.grid;
  ctx.strokeRect(f.x + 0.5, f.y + 0.5, f.width - 1, f.height - 1);
  ctx.fillStyle = color;
  const columns = Math.max(1, Math.floor(f.width));
  const pxPerSec = f.width / durationSec;
  let prevHi = NaN;
  let prevLo = NaN;
  for (let px = 0; px < columns; px++) {
    const a = Math.floor(px / pxPerSec / secondsPerPoint);
    const b = Math.max(a + 1, Math.floor((px + 1) / pxPerSec / secondsPerPoint));
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
    const top = f.y + f.height * (1 - (cHi - lo) / span);
    const bottom = f.y + f.height * (1 - (cLo - lo) / span);
    ctx.fillRect(f.x + px, top, 1, Math.max(1.5, bottom - top));
  }
  yLabels(ctx, f, [
    { at: 1, text: formatValue(hi) },
    { at: 0, text: formatValue(lo) },
  ], theme);
  timeAxis(ctx, f, durationSec, theme);
}

/** One taggram row: which tag (its index in every patch's values) and the name to print. */
export interface TaggramRow {
  index: number;
  label: string;
}

/**
 * musicnn's taggram as a heatmap: one row per tag (rows[0] at the top), one cell per patch on the
 * track's time axis (taggramLayout.ts), colour = probability on a fixed 0..1 scale, so two tracks'
 * pictures compare. The tag names sit inside the plot, on a light backing, since the margin that
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
): void {
  const f = prepare(ctx, width, height, theme);
  if (rows.length === 0 || durationSec <= 0) return;
  const rowH = f.height / rows.length;
  for (const c of taggramCells(f, patches, rows.map((r) => r.index), durationSec)) {
    ctx.fillStyle = cssColor(map, c.value);
    ctx.fillRect(c.x, c.y, c.w, c.h);
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach((r, i) => {
    const mid = f.y + (i + 0.5) * rowH;
    const tw = ctx.measureText(r.label).width;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.82)';
    ctx.fillRect(f.x + 2, Math.round(mid - Math.min(7, rowH / 2 - 1)), tw + 8, Math.min(14, rowH - 2));
    ctx.fillStyle = theme.ink;
    ctx.fillText(r.label, f.x + 6, mid);
  });
  ctx.font = theme.font;
  ctx.fillStyle = theme.ink;
  yAxisTitle(ctx, f, 'tags');
  timeAxis(ctx, f, durationSec, theme);
}
