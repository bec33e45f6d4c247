/**
 * Before the browser tests: build the app (or use GENRESCOPE_E2E_DIST, an existing build) and
 * serve it with `vite preview` on a free localhost port; the tests read its URL with
 * inject('baseUrl'). The server stops after the run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import type {} from 'vitest';
import { freePort } from './support/net.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = process.env.GENRESCOPE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.warn(`e2e: no Chromium at ${chromium} (apt-get install chromium, or set GENRESCOPE_CHROMIUM): the browser tests are skipped`);
    project.provide('baseUrl', '');
    return async () => undefined;
  }
  const configFile = resolve('vite.config.ts');
  const outDir = process.env.GENRESCOPE_E2E_DIST ? resolve(process.env.GENRESCOPE_E2E_DIST) : resolve('node_modules/.tmp/e2e-dist');
  if (!process.env.GENRESCOPE_E2E_DIST) {
    // Vitest sets NODE_ENV=test, which Vite would keep (React's development build): test what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      // Rolldown's note on slow plugins says how busy the machine is, not what is wrong with the app.
      const quiet = { checks: { bundlerTimings: false } };
      await build({ configFile, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true, sourcemap: false, rolldownOptions: quiet }, worker: { rolldownOptions: quiet } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  const port = await freePort();
  const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  return async () => {
    await server.close();
  };
}
