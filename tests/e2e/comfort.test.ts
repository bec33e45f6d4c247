/**
 * Comfort (issue 12, point 6) in headless Chromium: axe-core finds no serious or critical
 * violation on the page before and after a result (genre, tags, the timeline, the list), in the
 * light and the dark scheme; the dark scheme follows the system (emulated) and the plots redraw
 * in its colours; every action works from the keyboard: Tab reaches the file picker, Record, the
 * export buttons and the time plots, each with a visible focus ring; Enter opens the file
 * chooser, Enter on an export downloads it, + on the plots zooms them and Enter cancels a waiting
 * file. Screenshots of the result in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { musicWav } from './support/audio.ts';
import { expectGenreShown, MODELS_SHIPPED } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');

/** Serious and critical axe violations, one line each (rule, impact, the first few targets). */
async function seriousViolations(page: Page): Promise<string[]> {
  // The page's Page comes from playwright-core, which @axe-core/playwright's types name as playwright's.
  const { violations } = await new AxeBuilder({ page: page as never }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}

/** What has the focus: tag, test id, accessible name, and whether it shows a focus ring. */
function focused(page: Page): Promise<{ tag: string; testId: string; name: string; ring: boolean } | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    // An outline, a shadow, or (an SVG point) a thick stroke; <audio> draws the ring on its own
    // controls inside it, out of the page's styles.
    const ring =
      el.tagName === 'AUDIO' ||
      (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ||
      (s.boxShadow !== 'none' && s.boxShadow !== '') ||
      (el instanceof SVGElement && parseFloat(s.strokeWidth) >= 2);
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return { tag: el.tagName.toLowerCase(), testId: el.dataset.testid ?? '', name: name.slice(0, 60), ring };
  });
}

/** Presses Tab until `want` has the focus (or `max` presses); every stop on the way must show a ring. */
async function tabTo(page: Page, want: (f: { tag: string; testId: string; name: string }) => boolean, max = 80): Promise<string[]> {
  const ringless: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    if (!f.ring) ringless.push(`${f.tag} "${f.name}"`);
    if (want(f)) return ringless;
  }
  throw new Error(`Tab never reached the control after ${max} presses`);
}

const plotsBackground = (page: Page) =>
  page.evaluate(() => {
    const c = document.querySelector('[data-testid=waveform]') as HTMLCanvasElement;
    const [r, g, b] = c.getContext('2d')!.getImageData(2, 2, 1, 1).data;
    return (r + g + b) / 3;
  });

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('comfort: accessibility, dark mode, keyboard, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('no serious axe violation before and after a result, light and dark; every action from the keyboard', { timeout: 90_000 }, async () => {
    const { page, errors } = await openApp(browser, baseUrl, { width: 1280, height: 1000 });
    // Listening from the start: Chromium intercepts the file chooser only once this is set up.
    let choosers = 0;
    page.on('filechooser', () => choosers++);

    expect(await seriousViolations(page), 'axe on the empty page, light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page), 'axe on the empty page, dark').toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // The file picker and Record by Tab, with a focus ring; Enter opens the file chooser.
    const ringless = await tabTo(page, (f) => f.name.startsWith('Choose audio files'));
    await page.keyboard.press('Enter');
    await expect.poll(() => choosers, { timeout: 5_000, message: 'Enter on the file picker opens the file chooser' }).toBe(1);
    ringless.push(...(await tabTo(page, (f) => f.name === 'Record', 10)));

    // A result: the clip analysed, a second one waiting is cancelled from the keyboard.
    const clip = musicWav(10);
    const waiting = musicWav(8, 'comfort-waiting-8s.wav');
    await chooseFiles(page, clip, waiting);
    const cancel = page.getByRole('button', { name: 'Cancel comfort-waiting-8s.wav' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    expect(await waitForTrack(page, 'comfort-waiting-8s.wav')).toBe('cancelled');
    expect(await waitForTrack(page, 'music-10s.wav')).toBe('done');
    await expectGenreShown(page);
    await page.locator('[data-testid=tags] li').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=timeline]:not([aria-busy])').waitFor({ timeout: 30_000 });

    expect(await seriousViolations(page), 'axe on the result, light').toEqual([]);
    const lightBackground = await plotsBackground(page);
    await screenshot(page, 'comfort-light');

    // Dark follows the system: the page's colours and the plots' background change with it.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => plotsBackground(page), { timeout: 5_000, message: 'the plots redraw dark' }).toBeLessThan(80);
    expect(lightBackground).toBeGreaterThan(200);
    expect(await seriousViolations(page), 'axe on the result, dark').toEqual([]);
    await screenshot(page, 'comfort-dark');

    // Export by keyboard: Tab from the top to the first export button, Enter downloads.
    await page.locator('body').focus();
    ringless.push(...(await tabTo(page, (f) => f.tag === 'button' && /^(PNG|CSV|JSON)/.test(f.name))));
    const download = page.waitForEvent('download', { timeout: 10_000 });
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/music-10s/);

    // Zoom by keyboard: Tab on to the plots group, + halves the span shown.
    ringless.push(...(await tabTo(page, (f) => f.name.startsWith('Time plots on one time axis'))));
    const before = await page.locator('[data-testid=waveform]').getAttribute('data-view-end');
    await page.keyboard.press('+');
    await expect.poll(() => page.locator('[data-testid=waveform]').getAttribute('data-view-end'), { timeout: 3_000 }).not.toBe(before);
    await page.keyboard.press('0');

    expect(ringless, 'controls reached by Tab without a visible focus ring').toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
