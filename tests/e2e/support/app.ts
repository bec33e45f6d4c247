/** Assertions about the app's page shared by the browser tests. */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { canvasStats } from './browser.ts';

/** The genre models ship in public/models; without them the app says the genre is unavailable. */
export const MODELS_SHIPPED = ['public/models/cnn/model.json', 'public/models/table/model.json', 'public/models/ensemble.json'].every((p) => existsSync(p));

/** The plots of the shown result are drawn: many colours and real contrast, not a blank canvas. */
export async function expectPlotsDrawn(page: Page): Promise<void> {
  for (const id of ['waveform', 'spectrogram', 'chromagram']) {
    // Drawn within a few frames of the result arriving.
    await expect.poll(async () => (await canvasStats(page, id)).colours, { timeout: 5_000, message: `${id} has more than a handful of colours` }).toBeGreaterThan(50);
    const s = await canvasStats(page, id);
    expect(s.width, `${id} canvas has a size`).toBeGreaterThan(100);
    expect(s.spread, `${id} is not uniform`).toBeGreaterThan(10);
  }
}

/** The shown genre: data-genre of genre-result and the ten probabilities of its table. */
export async function shownGenre(page: Page): Promise<{ genre: string; probabilities: Record<string, number> }> {
  // Either a genre, or the app's reason for having none (fail at once with it).
  await page.locator('[data-testid=genre-result][data-genre], [data-testid=genre-result].unavailable').first().waitFor({ timeout: 60_000 });
  const unavailable = page.locator('[data-testid=genre-result].unavailable');
  if ((await unavailable.count()) > 0) throw new Error(`no genre shown: ${await unavailable.innerText()}`);
  const result = page.locator('[data-testid=genre-result][data-genre]');
  const genre = (await result.getAttribute('data-genre')) ?? '';
  const rows = page.locator('[data-testid=probabilities] [data-testid=probability-row]');
  const probabilities: Record<string, number> = {};
  for (const row of await rows.all()) probabilities[(await row.getAttribute('data-genre'))!] = Number(await row.getAttribute('data-p'));
  return { genre, probabilities };
}

export async function expectGenreShown(page: Page): Promise<string> {
  const { genre, probabilities } = await shownGenre(page);
  const values = Object.values(probabilities);
  expect(values, 'ten probabilities').toHaveLength(10);
  expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expect(values.every((p) => p >= 0 && p <= 1)).toBe(true);
  const best = Object.entries(probabilities).sort((a, b) => b[1] - a[1])[0][0];
  expect(genre).toBe(best);
  await expect.poll(() => page.locator('[data-testid=probabilities] .recharts-surface').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  return genre;
}

/** The id of the result on screen (its article's data-track). */
export function shownTrackId(page: Page): Promise<string | null> {
  return page.locator('article.result').getAttribute('data-track', { timeout: 5_000 });
}
