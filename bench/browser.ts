/**
 * Browser figures for `npm run bench`, measured in headless Debian Chromium (playwright-core,
 * WebGL on SwiftShader) against a production build served by `vite preview` on localhost:
 * - a 30 s WAV: time from the drop to the quick genre (CNN + table model) and to the final result
 *   (musicnn's tags and the refined genre);
 * - musicnn's time per 3 s patch in the page on each backend the page can use (WebAssembly by
 *   default here, WebGL and CPU through ?backend=), from a 10 s WAV: (final - quick) / patches;
 * - a 5-minute MP3: time from the drop to the first result (the quick look at its opening,
 *   genre included) and to the final one, targets 2 s and 8 s;
 * - the JavaScript the first page load needs (bytes as built and gzipped), and what loads later;
 * - training the user's own classes in their worker: 4 classes x 5 examples, the head and its
 *   leave-one-out retrainings (the worker's own time, and the round trip from the page);
 * - the engine's own time on a 30 s clip in the page's analysis worker (its first stage to the
 *   models, from the store) beside its time in a bare worker of a production build
 *   (bench/workerEngine: the first of six analyses of a 30 s song, and the median of the rest).
 * Each timed run uses a fresh page that has finished loading and warming up (worker and models
 * started while idle); timing starts when the drop event is dispatched, inside the page.
 *
 * Run alone: `npx tsx bench/browser.ts [runs]` prints the result as JSON; bench/run.ts calls
 * runBrowserBench(). GENRESCOPE_BENCH_DIST=<dir> measures an existing build.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {} from '../src/app/testHooks.ts';
import type {} from './workerEngine/page.ts';
import { musicMp3, musicWav } from '../tests/e2e/support/audio.ts';
import { BASE_FLAGS, CHROMIUM } from '../tests/e2e/support/browser.ts';
import { freePort } from '../tests/e2e/support/net.ts';
import type { CustomReply, CustomRequest } from '../src/worker/customProtocol.ts';

export interface BrowserBenchResult {
  browser: string;
  webglRenderer: string | null;
  /** The inference backend the app reported. */
  backend: string | null;
  runs: number;
  wav30: { dropToQuickMs: number[]; dropToFinalMs: number[]; medianQuickMs: number; medianMs: number; engineMs: number[]; medianEngineMs: number };
  /** The engine alone in a bare module worker: its first 30 s analysis and the median of the next five. */
  bareWorkerEngine: { firstMs: number; medianMs: number };
  musicnnPerPatchMs: Record<string, number>;
  mp3Minutes5: { firstMs: number[]; finalMs: number[]; medianFirstMs: number; medianFinalMs: number };
  firstLoad: { files: { path: string; bytes: number; gzipBytes: number }[]; jsBytes: number; jsGzipBytes: number };
  later: { path: string; bytes: number; gzipBytes: number; why: string }[];
  /** Custom classes, 4 x 5 examples: per run, the worker's time for the head and leave-one-out, and the page's round trip; medians. */
  customTraining: { trainMs: number[]; roundTripMs: number[]; medianTrainMs: number; medianRoundTripMs: number };
}

/** What a script not in the first load is for. */
function laterWhy(file: string): string {
  if (file.startsWith('analysis.worker')) return 'analysis worker (engine + tfjs), started when the page is idle';
  if (file.startsWith('custom.worker')) return 'the custom-classes worker, started with the first training';
  if (file.startsWith('musicnn.worker')) return "musicnn's helper worker (a second core for its patches), started by the analysis worker";
  if (file.startsWith('contentHash.worker')) return 'the content-hash worker, started with the first file';
  return 'the charts, loaded once the page is idle (or with the first file)';
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function freshPage(browser: Browser, baseUrl: string, query = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx keeps function names with a __name() helper that the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  await page.goto(baseUrl + query, { waitUntil: 'networkidle' });
  await page.evaluate(() => window.__genrescope!.warmed()); // idle warm-up: worker started, models loaded, engine and models warm
  await page.waitForTimeout(300);
  return page;
}

/** Drops `path` on the page and returns ms until `until` holds for the new track (checked on every store change). */
export async function timeDrop(page: Page, path: string, mime: string, marks: ('first' | 'final' | 'engineStart' | 'engineEnd')[]): Promise<Record<string, number>> {
  const base64 = readFileSync(path).toString('base64');
  const name = path.split('/').pop()!;
  return page.evaluate(
    async ({ base64, name, mime, marks }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const file = new File([bytes], name, { type: mime });
      const store = window.__genrescope!.store;
      const out: Record<string, number> = {};
      const t0 = performance.now();
      const done = new Promise<void>((resolve, reject) => {
        const check = () => {
          const t = store.getState().tracks.find((x) => x.name === name && x.addedAt >= performance.timeOrigin + t0 - 1);
          if (!t) return;
          if (t.status === 'error') reject(new Error(t.error ?? 'failed'));
          // the engine's first stage, and the models after its last (the worker's checkpoints)
          if (!('engineStart' in out) && t.stage === 'separation') out.engineStart = performance.now() - t0;
          if (!('engineEnd' in out) && t.stage === 'model') out.engineEnd = performance.now() - t0;
          if (!('first' in out) && t.result && t.genre.status !== 'pending') out.first = performance.now() - t0;
          if (!('final' in out) && t.status === 'done') out.final = performance.now() - t0;
          if (marks.every((m) => m in out)) {
            unsubscribe();
            resolve();
          }
        };
        const unsubscribe = store.subscribe(check);
      });
      const dt = new DataTransfer();
      dt.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      await done;
      return out;
    },
    { base64, name, mime, marks },
  );
}

/**
 * Trains 4 classes of 5 synthetic 200-value embeddings (clusters around random centres, as the
 * unit tests' tests/support/embeddings.ts) in the built custom-classes worker, `runs` times.
 */
export async function timeCustomTraining(browser: Browser, baseUrl: string, outDir: string, runs: number): Promise<BrowserBenchResult['customTraining']> {
  const worker = readdirSync(join(outDir, 'assets')).find((f) => /^custom\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error('the build has no custom.worker asset');
  const page = await freshPage(browser, baseUrl);
  const times = await page.evaluate(
    async ({ url, runs }) => {
      let seed = 3;
      const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
      const common = Array.from({ length: 200 }, () => 1 + r());
      const classes = ['a', 'b', 'c', 'd'];
      const examples = classes.flatMap((c) => {
        const centre = common.map((v) => v + r());
        return Array.from({ length: 5 }, (_, i) => ({ class: c, name: `${c}${i}.wav`, embedding: centre.map((v) => v + 0.5 * r()) }));
      });
      const w = new Worker(url, { type: 'module' });
      const ask = (req: CustomRequest) =>
        new Promise<CustomReply>((resolve) => {
          w.onmessage = (e: MessageEvent<CustomReply>) => resolve(e.data);
          w.postMessage(req);
        });
      const idReply = await ask({ type: 'embedding-id', id: 0 });
      if (idReply.type !== 'embedding-id') throw new Error(`embedding id: ${JSON.stringify(idReply)}`);
      const out: { trainMs: number; roundTripMs: number }[] = [];
      for (let id = 1; id <= runs; id++) {
        const t0 = performance.now();
        const reply = await ask({ type: 'train', id, embedding: idReply.embedding, classes, examples });
        if (reply.type !== 'trained') throw new Error(`training: ${JSON.stringify(reply)}`);
        out.push({ trainMs: reply.trainMs, roundTripMs: performance.now() - t0 });
      }
      w.terminate();
      return out;
    },
    { url: `/assets/${worker}`, runs },
  );
  await page.context().close();
  const trainMs = times.map((t) => t.trainMs);
  const roundTripMs = times.map((t) => t.roundTripMs);
  return { trainMs, roundTripMs, medianTrainMs: median(trainMs), medianRoundTripMs: median(roundTripMs) };
}

/** The engine in a bare module worker of a production build of bench/workerEngine (no models, no page). */
export async function timeBareWorkerEngine(browser: Browser, root: string): Promise<BrowserBenchResult['bareWorkerEngine']> {
  const outDir = join(root, 'node_modules/.tmp/bench-worker-engine');
  await build({ root, configFile: false, logLevel: 'warn', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'bench/workerEngine/index.html') } } });
  const port = await freePort();
  const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/workerEngine/index.html`);
    const ms = await page.evaluate(() => window.workerEngineMs!);
    await page.close();
    return { firstMs: ms[0], medianMs: median(ms.slice(1)) };
  } finally {
    await server.close();
  }
}

export async function runBrowserBench(runs = 5): Promise<BrowserBenchResult> {
  const root = resolve(import.meta.dirname, '..');
  const configFile = join(root, 'vite.config.ts');
  // GENRESCOPE_BENCH_DIST: measure an existing build instead of building one.
  const outDir = process.env.GENRESCOPE_BENCH_DIST ? resolve(process.env.GENRESCOPE_BENCH_DIST) : join(root, 'node_modules/.tmp/bench-dist');
  if (!process.env.GENRESCOPE_BENCH_DIST) await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const port = await freePort();
  const server = await preview({ root, configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  const baseUrl = `http://127.0.0.1:${port}/`;
  const wav = musicWav(30);
  const mp3 = musicMp3(300);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BASE_FLAGS });
  try {
    // First load: the scripts requested before the load event.
    const context = await browser.newContext();
    const page = await context.newPage();
    const early: string[] = [];
    let loaded = false;
    page.on('load', () => (loaded = true));
    page.on('request', (r) => {
      if (!loaded && (r.resourceType() === 'script' || r.url().endsWith('.js'))) early.push(new URL(r.url()).pathname);
    });
    await page.goto(baseUrl, { waitUntil: 'load' });
    const info = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return { renderer: gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null };
    });
    await context.close();
    const sizeOf = (p: string) => {
      const file = join(outDir, p);
      return { path: p, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
    };
    const files = [...new Set(early)].map(sizeOf);
    const later = readdirSync(join(outDir, 'assets'))
      .filter((f) => f.endsWith('.js') && !files.some((x) => x.path.endsWith(f)))
      .map((f) => ({ ...sizeOf(`/assets/${f}`), why: laterWhy(f) }));

    const wavQuick: number[] = [];
    const wavTimes: number[] = [];
    const wavEngine: number[] = [];
    const first: number[] = [];
    const final: number[] = [];
    let backend: string | null = null;
    for (let i = 0; i < runs; i++) {
      const p = await freshPage(browser, baseUrl);
      const r = await timeDrop(p, wav, 'audio/wav', ['first', 'final', 'engineStart', 'engineEnd']);
      wavQuick.push(r.first);
      wavTimes.push(r.final);
      wavEngine.push(r.engineEnd - r.engineStart);
      backend ??= await p.evaluate(() => {
        const t = window.__genrescope!.store.getState().tracks.at(-1);
        return t?.genre.status === 'ready' ? t.genre.result.backend : null;
      });
      await p.context().close();
    }
    for (let i = 0; i < runs; i++) {
      const p = await freshPage(browser, baseUrl);
      const r = await timeDrop(p, mp3, 'audio/mpeg', ['first', 'final']);
      first.push(r.first);
      final.push(r.final);
      await p.context().close();
    }
    // 10 s at 16 kHz = 625 frames: musicnn patches at 0, 187, 374 and one ending at the last frame
    const short = musicWav(10);
    const musicnnPerPatchMs: Record<string, number> = {};
    for (const [name, query] of [['auto', ''], ['webgl', '?backend=webgl'], ['cpu', '?backend=cpu']] as const) {
      const p = await freshPage(browser, baseUrl, query);
      const r = await timeDrop(p, short, 'audio/wav', ['first', 'final']);
      const used = await p.evaluate(() => {
        const t = window.__genrescope!.store.getState().tracks.at(-1);
        return t?.genre.status === 'ready' ? t.genre.result.backend : name;
      });
      musicnnPerPatchMs[name === 'auto' ? used : name] = (r.final - r.first) / 4;
      await p.context().close();
    }
    const customTraining = await timeCustomTraining(browser, baseUrl, outDir, runs);
    const bareWorkerEngine = await timeBareWorkerEngine(browser, root);
    return {
      browser: `Chromium ${browser.version()} (headless)`,
      webglRenderer: info.renderer,
      backend,
      runs,
      wav30: { dropToQuickMs: wavQuick, dropToFinalMs: wavTimes, medianQuickMs: median(wavQuick), medianMs: median(wavTimes), engineMs: wavEngine, medianEngineMs: median(wavEngine) },
      bareWorkerEngine,
      musicnnPerPatchMs,
      mp3Minutes5: { firstMs: first, finalMs: final, medianFirstMs: median(first), medianFinalMs: median(final) },
      firstLoad: { files, jsBytes: files.reduce((s, f) => s + f.bytes, 0), jsGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) },
      later,
      customTraining,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 5);
  runBrowserBench(runs).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
