/**
 * Saving exports: a Blob downloaded through a temporary object URL (nothing leaves the machine),
 * and the PNG of the plots drawn from the result itself (not screen-scraped), so it has the same
 * axes and colour maps as the page at a fixed, print-friendly size.
 */
import { TAGGRAM_ROWS } from '../components/TimePlots.tsx';
import { tagLabel } from '../components/labels.ts';
import { cividis, viridis } from '../plots/colormap.ts';
import { DEFAULT_THEME, drawChromagram, drawMelSpectrogram, drawTaggram, drawWaveform, MARGIN } from '../plots/draw.ts';
import { topTags } from '../state/exports.ts';
import type { Exporter } from '../state/ports.ts';
import type { Track, TrackResult } from '../state/types.ts';

const WIDTH = 1200;
const TITLE_H = 26;
/** Taggram rows here are taller than the page's, like the other plots, so the names stay readable. */
const TAGGRAM_ROW_PX = 20;

interface Panel {
  title: string;
  height: number;
  draw(ctx: CanvasRenderingContext2D, width: number, height: number): void;
}

/** The PNG's plots, top to bottom, as on the page: the taggram only once musicnn has listened. */
function pngPanels(t: Track, r: TrackResult): Panel[] {
  const duration = r.waveform.durationSec;
  const panels: Panel[] = [
    { title: 'Waveform and beats', height: 160, draw: (ctx, w, h) => drawWaveform(ctx, w, h, r.waveform, r.beatTimes) },
    { title: 'Mel spectrogram (dB, viridis)', height: 260, draw: (ctx, w, h) => drawMelSpectrogram(ctx, w, h, r.melDb, r.secondsPerColumn, duration, viridis, { fmaxHz: r.sr / 2 }) },
    { title: 'Chromagram (cividis)', height: 180, draw: (ctx, w, h) => drawChromagram(ctx, w, h, r.chroma, r.secondsPerColumn, duration, cividis) },
  ];
  const tags = t.genre.status === 'ready' ? t.genre.result.tags : undefined;
  if (tags && tags.patches.length > 0) {
    // The same rows as the page's taggram (TimePlots.tsx).
    const rows = topTags(tags, TAGGRAM_ROWS).map((x) => ({ index: x.index, label: tagLabel(x.name) }));
    panels.push({
      title: `What musicnn hears: its ${rows.length} most likely tags per 3-second slice (0 to 100 %, viridis)`,
      height: rows.length * TAGGRAM_ROW_PX + MARGIN.top + MARGIN.bottom,
      draw: (ctx, w, h) => drawTaggram(ctx, w, h, tags.patches, rows, duration, viridis),
    });
  }
  return panels;
}

export async function renderPlotsPng(t: Track): Promise<Blob> {
  const r = t.result;
  if (!r) throw new Error('no result to draw');
  const panels = pngPanels(t, r);
  const height = 40 + panels.reduce((s, p) => s + p.height + TITLE_H, 0);
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = DEFAULT_THEME.ink;
  ctx.font = 'bold 16px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  const key = `${r.key.tonic} ${r.key.mode}`;
  ctx.fillText(`${t.name} — ${r.tempo.toFixed(1)} BPM, ${key}`, 12, 12);
  let y = 40;
  for (const p of panels) {
    ctx.fillStyle = DEFAULT_THEME.ink;
    ctx.font = '14px system-ui, sans-serif';
    ctx.fillText(p.title, 12, y + 4);
    y += TITLE_H;
    ctx.save();
    ctx.translate(0, y);
    p.draw(ctx, WIDTH, p.height);
    ctx.restore();
    y += p.height;
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

export const browserExporter: Exporter = {
  renderPng: renderPlotsPng,
  save(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
