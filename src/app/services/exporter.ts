/**
 * Saving exports: a Blob downloaded through a temporary object URL (nothing leaves the machine),
 * and the PNG of the plots drawn from the result itself (not screen-scraped), so it has the same
 * axes and colour maps as the page at a fixed, print-friendly size.
 */
import { cividis, viridis } from '../plots/colormap.ts';
import { DEFAULT_THEME, drawChromagram, drawMelSpectrogram, drawWaveform } from '../plots/draw.ts';
import type { Exporter } from '../state/ports.ts';
import type { Track } from '../state/types.ts';

const WIDTH = 1200;
const PANELS = [
  { title: 'Waveform and beats', height: 160 },
  { title: 'Mel spectrogram (dB, viridis)', height: 260 },
  { title: 'Chromagram (cividis)', height: 180 },
] as const;
const TITLE_H = 26;

export async function renderPlotsPng(t: Track): Promise<Blob> {
  const r = t.result;
  if (!r) throw new Error('no result to draw');
  const height = 40 + PANELS.reduce((s, p) => s + p.height + TITLE_H, 0);
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
  const duration = r.waveform.durationSec;
  for (const [i, p] of PANELS.entries()) {
    ctx.fillStyle = DEFAULT_THEME.ink;
    ctx.font = '14px system-ui, sans-serif';
    ctx.fillText(p.title, 12, y + 4);
    y += TITLE_H;
    ctx.save();
    ctx.translate(0, y);
    if (i === 0) drawWaveform(ctx, WIDTH, p.height, r.waveform, r.beatTimes);
    else if (i === 1) drawMelSpectrogram(ctx, WIDTH, p.height, r.melDb, r.secondsPerColumn, duration, viridis, { fmaxHz: r.sr / 2 });
    else drawChromagram(ctx, WIDTH, p.height, r.chroma, r.secondsPerColumn, duration, cividis);
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
