/**
 * tfjs backend selection: WebGL where the browser has it, else WASM (when its package is
 * registered), else the plain CPU backend. Reports which one it settled on.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const DEFAULT_BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it, with why each was passed over. */
  skipped: { backend: BackendName; reason: string }[];
}

/** Tries each backend in order and keeps the first that initialises. */
export async function selectBackend(preference: readonly BackendName[] = DEFAULT_BACKENDS): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  for (const name of preference) {
    if (!tf.findBackendFactory(name)) {
      skipped.push({ backend: name, reason: 'not registered in this build' });
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, skipped };
      }
      skipped.push({ backend: name, reason: 'failed to initialise' });
    } catch (err) {
      skipped.push({ backend: name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no tfjs backend could be initialised (tried ${preference.join(', ')})`);
}
