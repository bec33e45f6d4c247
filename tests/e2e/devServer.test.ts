/**
 * `npm run dev` from a cold start: Vite's dev server with an empty dependency cache (a fresh
 * cacheDir, as after deleting node_modules/.vite) serves the page, a file is dropped at once,
 * and its result appears with no page reload and no "504 Outdated Optimize Dep" response: every
 * dependency the worker and the lazy chunks import was pre-bundled before the page first loaded
 * (vite.config.ts optimizeDeps), so none is discovered late.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { song } from '../support/signals.ts';
import { FIXTURES_DIR, wavBytes } from './support/audio.ts';
import { MODELS_SHIPPED } from './support/app.ts';
import { dropFile, hasChromium, launch, openApp } from './support/browser.ts';
import { freePort } from './support/net.ts';

describe.skipIf(!hasChromium)('the dev server from a cold start', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let url: string;
  const cacheDir = mkdtempSync(join(tmpdir(), 'genrescope-vite-cache-'));

  beforeAll(async () => {
    const port = await freePort();
    server = await createServer({
      configFile: resolve('vite.config.ts'),
      cacheDir,
      logLevel: 'silent',
      clearScreen: false,
      // No file watching: an edit elsewhere in the checkout must not reload the page mid-test.
      server: { host: '127.0.0.1', port, strictPort: true, open: false, watch: null },
    });
    await server.listen();
    url = `http://127.0.0.1:${port}/`;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('the first drop gives its result without a reload or a 504', async () => {
    const { page } = await openApp(browser, url);
    const outdated: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 504) outdated.push(r.url());
    });
    const reloaded = new Promise<'reloaded'>((resolve) =>
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) resolve('reloaded');
      }),
    );
    // A marker a reload would wipe.
    await page.evaluate(() => Object.assign(window, { coldStartMarker: true }));
    const path = join(FIXTURES_DIR, 'dev-cold-4s.wav');
    mkdirSync(FIXTURES_DIR, { recursive: true });
    writeFileSync(path, wavBytes([song(4, { seed: 5 })], 22050));
    await dropFile(page, path, 'audio/wav');
    // The genre (or the page's reason for none) proves the worker and its models ran.
    const genre = page.locator('[data-testid=genre-result][data-genre], [data-testid=genre-result].unavailable').first();
    const outcome = await Promise.race([genre.waitFor({ timeout: 90_000 }).then(() => 'result' as const), reloaded]);
    expect(outcome, 'the page reloaded after the drop (dependencies re-optimised): the file is lost').toBe('result');
    await expect.poll(() => page.locator('#result-title').innerText()).toBe('dev-cold-4s.wav');
    if (MODELS_SHIPPED) expect(await genre.getAttribute('data-genre')).toBeTruthy();
    expect(outdated, 'responses 504 Outdated Optimize Dep').toEqual([]);
    expect(await page.evaluate(() => 'coldStartMarker' in window), 'the page is the one the file was dropped on').toBe(true);
  });
});
