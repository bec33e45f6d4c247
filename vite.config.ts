import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readBuildInfo } from './scripts/buildInfo.ts';

/**
 * The Content-Security-Policy lives in index.html (a meta tag: nothing but 'self'). A meta tag
 * does not cover workers, so the dev and preview servers also send it as a header, which the
 * analysis worker inherits. The dev server adds the two exceptions it needs and the built app
 * does not: React Fast Refresh's inline preamble script and the HMR websocket.
 */
const CSP = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(readFileSync(new URL('./index.html', import.meta.url), 'utf8'))?.[1] ?? "default-src 'self'";
const DEV_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: wss:");

function devCsp(): Plugin {
  return {
    name: 'genrescope:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(CSP, DEV_CSP),
  };
}

export default defineConfig({
  plugins: [react(), devCsp()],
  // The app and model versions the JSON export names (src/app/state/buildInfo.ts).
  define: { __GENRESCOPE_BUILD__: JSON.stringify(readBuildInfo(fileURLToPath(new URL('.', import.meta.url)))) },
  worker: { format: 'es' },
  // The dev server pre-bundles what the workers import too (tfjs and its WebAssembly backend, fft.js):
  // it does not follow `new Worker(new URL(...))`, so it met them only once a worker started, after
  // the page had loaded, then re-bundled and reloaded the page, and the file just dropped was lost.
  // The lazy chart chunk is reached by the scan through its dynamic import.
  optimizeDeps: { entries: ['index.html', 'src/worker/*.worker.ts'] },
  build: { target: 'es2022', sourcemap: true },
  server: { headers: { 'Content-Security-Policy': DEV_CSP } },
  preview: { headers: { 'Content-Security-Policy': `${CSP}; frame-ancestors 'none'` } },
});
