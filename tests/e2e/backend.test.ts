/**
 * Which tfjs backend runs the genre models, in headless Chromium. Here WebGL is SwiftShader (a
 * software rasteriser, slower than the CPU): by default the models run on WebAssembly and the
 * page says why; `?backend=webgl` forces WebGL and gets the same answer; `?backend=cpu` forces the
 * plain CPU backend. An 8 s clip: musicnn takes about 5 s a patch on SwiftShader WebGL and on the
 * plain CPU backend. (A browser with no WebGL at all is in badInput.test.ts.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { musicWav } from './support/audio.ts';
import { expectGenreShown, MODELS_SHIPPED, shownGenre } from './support/app.ts';
import { chooseFiles, hasChromium, launch, openApp, screenshot, waitForTrack } from './support/browser.ts';

const baseUrl = inject('baseUrl');

/** The page's WebGL renderer, unmasked (what the worker sees through OffscreenCanvas too). */
function webglRenderer(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
  });
}

/** Analyses an 8 s WAV on a fresh page at `query`; the genre shown, its backend and note. */
async function classifyAt(browser: Browser, query: string) {
  const { page, errors } = await openApp(browser, `${baseUrl}${query}`);
  await chooseFiles(page, musicWav(8));
  expect(await waitForTrack(page, 'music-8s.wav', 90_000)).toBe('done');
  const top = await expectGenreShown(page);
  const { probabilities } = await shownGenre(page);
  const result = page.getByTestId('genre-result');
  const backend = await result.getAttribute('data-backend');
  const shown = (await page.getByTestId('backend-note').count()) > 0;
  const summary = shown ? await page.getByTestId('backend-note').innerText() : null;
  // the details sit in a closed disclosure: read them as text, not as what is rendered
  const note = shown ? await page.getByTestId('backend-details').textContent() : null;
  return { page, errors, top, probabilities, backend, summary, note };
}

describe.skipIf(!hasChromium || !MODELS_SHIPPED)('the inference backend', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('skips software WebGL for WebAssembly and says so; ?backend=webgl computes the same genre on WebGL; ?backend=cpu forces the CPU', async () => {
    const auto = await classifyAt(browser, '');
    const renderer = await webglRenderer(auto.page);
    expect(renderer, 'this browser has WebGL (SwiftShader at least)').not.toBeNull();
    if (/swiftshader|llvmpipe|softpipe|software/i.test(renderer!)) {
      expect(auto.backend).toBe('wasm');
      expect(auto.summary).toBe('Running on the processor: no graphics acceleration available.');
      expect(auto.note).toMatch(/^WebGL here runs on a software rasteriser \((SwiftShader|llvmpipe|softpipe|software renderer)\), slower than the CPU: the models ran on the WASM backend instead/);
    } else {
      expect(auto.backend).toBe('webgl'); // a GPU: nothing to say
      expect(auto.note).toBeNull();
    }
    await screenshot(auto.page, 'backend-auto');
    await auto.page.context().close();

    const webgl = await classifyAt(browser, '?backend=webgl');
    expect(webgl.backend).toBe('webgl');
    expect(webgl.summary).toBe('Running on the graphics processor, as the page address asks.');
    expect(webgl.note).toMatch(/^The models ran on WebGL, as the page address asks \(\?backend=webgl\)/);
    expect(webgl.top).toBe(auto.top);
    // float32 on both backends: the same probabilities up to rounding
    for (const [genre, p] of Object.entries(auto.probabilities)) expect(webgl.probabilities[genre], genre).toBeCloseTo(p, 3);
    expect(webgl.errors).toEqual([]);
    await screenshot(webgl.page, 'backend-webgl');
    await webgl.page.context().close();

    const cpu = await classifyAt(browser, '?backend=cpu');
    expect(cpu.backend).toBe('cpu');
    expect(cpu.summary).toBe('Running on the processor, as the page address asks.');
    expect(cpu.note).toBe('The models ran on the CPU backend, as the page address asks (?backend=cpu).');
    expect(cpu.top).toBe(auto.top);
    await cpu.page.context().close();
  });
});
