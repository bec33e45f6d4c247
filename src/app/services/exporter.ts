/**
 * Saving exports: a Blob downloaded through a temporary object URL (nothing leaves the machine),
 * and the PNG result card drawn from the result itself (not screen-scraped), at a fixed,
 * print-friendly size: the file name, date, genre and its ten probabilities as bars
 * (resultCard.ts has the words), the warnings, then the plots with the page's own drawing
 * functions (src/app/plots/draw.ts) over the whole track, so they have its axes and colours:
 * waveform, spectrogram, chromagram, the genre along the track and musicnn's taggram.
 */
import { TAGGRAM_ROWS } from '../components/TimePlots.tsx';
import { percent, tagLabel } from '../components/labels.ts';
import { cividis, viridis } from '../plots/colormap.ts';
import { GENRE_COLORS } from '../components/charts/palette.ts';
import { DEFAULT_THEME, drawChromagram, drawGenreTimeline, drawMelSpectrogram, drawTaggram, drawWaveform, MARGIN } from '../plots/draw.ts';
import { stripSegments, timelineBands } from '../plots/genreTimeline.ts';
import { BUILD_INFO } from '../state/buildInfo.ts';
import { topTags } from '../state/exports.ts';
import type { Exporter } from '../state/ports.ts';
import { GTZAN_GENRES, type Track, type TrackResult } from '../state/types.ts';
import { resultCardText, type ResultCardText } from './resultCard.ts';

const WIDTH = 1200;
const PAD = 24;
const TITLE_H = 26;
/** Taggram rows here are taller than the page's, like the other plots, so the names stay readable. */
const TAGGRAM_ROW_PX = 20;
const BAR_ROW_H = 24;
const FONT = 'system-ui, sans-serif';
const MUTED = '#5b6475';
/** The page's probability bars: the top genre orange, the others blue (charts/Charts.tsx). */
const TOP_BAR = '#d55e00';
const BAR = '#0072b2';

interface Block {
  /** A heading above the block (the plots have one). */
  title?: string;
  height: number;
  draw(ctx: CanvasRenderingContext2D, width: number, height: number): void;
}

/** `text` cut with an ellipsis to fit `maxWidth` in the current font. */
function fitted(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

function line(ctx: CanvasRenderingContext2D, text: string, y: number, font: string, colour: string): void {
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.fillText(fitted(ctx, text, WIDTH - 2 * PAD), PAD, y);
}

/** Title, date and facts, the genre headline and its detail. */
function headerBlock(c: ResultCardText): Block {
  return {
    height: 166,
    draw(ctx) {
      line(ctx, c.title, PAD, `bold 24px ${FONT}`, DEFAULT_THEME.ink);
      line(ctx, c.facts, PAD + 34, `14px ${FONT}`, MUTED);
      line(ctx, c.kicker, PAD + 64, `13px ${FONT}`, MUTED);
      line(ctx, c.headline, PAD + 82, `bold 28px ${FONT}`, DEFAULT_THEME.ink);
      if (c.detail) line(ctx, c.detail, PAD + 118, `15px ${FONT}`, DEFAULT_THEME.ink);
    },
  };
}

/** The ten probabilities as a ranked bar list, as the probabilities panel ranks them. */
function barsBlock(bars: ResultCardText['bars']): Block {
  const labelW = 110;
  const barMax = 560;
  return {
    height: bars.length * BAR_ROW_H + 12,
    draw(ctx) {
      ctx.textBaseline = 'middle';
      bars.forEach((b, i) => {
        const mid = 6 + i * BAR_ROW_H + BAR_ROW_H / 2;
        ctx.font = `14px ${FONT}`;
        ctx.fillStyle = DEFAULT_THEME.ink;
        ctx.fillText(b.genre, PAD, mid);
        ctx.fillStyle = DEFAULT_THEME.grid;
        ctx.fillRect(PAD + labelW, mid - 8, barMax, 16);
        ctx.fillStyle = i === 0 ? TOP_BAR : BAR;
        ctx.fillRect(PAD + labelW, mid - 8, Math.max(1, b.p * barMax), 16);
        ctx.fillStyle = DEFAULT_THEME.ink;
        ctx.fillText(percent(b.p, 1), PAD + labelW + barMax + 12, mid);
      });
      ctx.textBaseline = 'top';
    },
  };
}

function warningsBlock(warnings: readonly string[]): Block {
  return {
    height: warnings.length * 22 + 8,
    draw(ctx) {
      warnings.forEach((w, i) => line(ctx, `Note: ${w}`, 4 + i * 22, `14px ${FONT}`, DEFAULT_THEME.beat));
    },
  };
}

/** The plots over the whole track: the genre timeline where there are two windows or more, the taggram once musicnn has listened. */
function plotBlocks(t: Track, r: TrackResult): Block[] {
  const duration = r.waveform.durationSec;
  const blocks: Block[] = [
    { title: 'Waveform and beats', height: 160, draw: (ctx, w, h) => drawWaveform(ctx, w, h, r.waveform, r.beatTimes) },
    { title: 'Mel spectrogram (dB, viridis)', height: 260, draw: (ctx, w, h) => drawMelSpectrogram(ctx, w, h, r.melDb, r.secondsPerColumn, duration, viridis, { fmaxHz: r.sr / 2 }) },
    { title: 'Chromagram (cividis)', height: 180, draw: (ctx, w, h) => drawChromagram(ctx, w, h, r.chroma, r.secondsPerColumn, duration, cividis) },
  ];
  const g = t.genre.status === 'ready' ? t.genre.result : null;
  if (g?.status === 'ok' && g.timeline.length >= 2) {
    // smoothed, as the verdict reads it (the page's default view)
    const bands = timelineBands(g.timeline, 'smoothed');
    const strip = stripSegments(bands, 'smoothed', g.verdict?.segments);
    blocks.push({
      title: 'The genre along the track (smoothed): the top genre over the ten probabilities',
      height: 200,
      draw: (ctx, w, h) => drawGenreTimeline(ctx, w, h, bands, strip, GENRE_COLORS, GTZAN_GENRES, duration),
    });
  }
  const tags = g?.tags;
  if (tags && tags.patches.length > 0) {
    // The same rows as the page's taggram (TimePlots.tsx).
    const rows = topTags(tags, TAGGRAM_ROWS).map((x) => ({ index: x.index, label: tagLabel(x.name) }));
    blocks.push({
      title: `What musicnn hears: its ${rows.length} most likely tags per 3-second slice (0 to 100 %, viridis)`,
      height: rows.length * TAGGRAM_ROW_PX + MARGIN.top + MARGIN.bottom,
      draw: (ctx, w, h) => drawTaggram(ctx, w, h, tags.patches, rows, duration, viridis),
    });
  }
  return blocks;
}

function footerBlock(text: string): Block {
  return { height: 36, draw: (ctx) => line(ctx, text, 12, `12px ${FONT}`, MUTED) };
}

function cardBlocks(t: Track): Block[] {
  const r = t.result;
  if (!r) throw new Error('no result to draw');
  const c = resultCardText(t, BUILD_INFO);
  return [
    headerBlock(c),
    ...(c.bars.length > 0 ? [barsBlock(c.bars)] : []),
    ...(c.warnings.length > 0 ? [warningsBlock(c.warnings)] : []),
    ...plotBlocks(t, r),
    footerBlock(c.footer),
  ];
}

export async function renderResultCard(t: Track): Promise<Blob> {
  const blocks = cardBlocks(t);
  const height = blocks.reduce((s, b) => s + b.height + (b.title ? TITLE_H : 0), 0);
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas unavailable');
  ctx.fillStyle = DEFAULT_THEME.background;
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.textBaseline = 'top';
  let y = 0;
  for (const b of blocks) {
    if (b.title) {
      line(ctx, b.title, y + 4, `14px ${FONT}`, DEFAULT_THEME.ink);
      y += TITLE_H;
    }
    ctx.save();
    ctx.translate(0, y);
    b.draw(ctx, WIDTH, b.height);
    ctx.restore();
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    y += b.height;
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

export const browserExporter: Exporter = {
  renderPng: renderResultCard,
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
