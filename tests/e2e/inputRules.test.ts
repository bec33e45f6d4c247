/**
 * The page's side of "same file, same verdict": the cases of tests/support/inputCases.ts chosen
 * at once in the page, each refused with its message in the track list or analysed with exactly
 * the warnings the CLI gives (tests/cli/inputRules.test.ts), listed beside the result.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INPUT_CASES, writeInputCases } from '../support/inputCases.ts';
import { FIXTURES_DIR } from './support/audio.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';
import { join } from 'node:path';

const baseUrl = inject('baseUrl');

describe.skipIf(!hasChromium)('the input rules in the page', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ page } = await openApp(browser, baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gives each shared case the verdict the CLI gives', async () => {
    const paths = writeInputCases(join(FIXTURES_DIR, 'input-cases'));
    await chooseFiles(page, ...INPUT_CASES.map((c) => paths.get(c.name)!));
    for (const c of INPUT_CASES) {
      const item = page.locator('[data-testid=track-list] li', { hasText: c.name });
      const status = await waitForTrack(page, c.name, 90_000);
      if ('refused' in c.expect) {
        expect(status, c.name).toBe('error');
        expect(await item.innerText(), c.name).toMatch(c.expect.refused);
        continue;
      }
      expect(status, c.name).toBe('done');
      await item.locator('button.track-open').click();
      await expect.poll(() => page.locator('#result-title').innerText(), { timeout: 10_000 }).toContain(c.name);
      const codes = await page.locator('[data-testid=warnings] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
      expect(codes, c.name).toEqual(c.expect.warnings);
    }
    await screenshot(page, 'input-rules');
  });
});
