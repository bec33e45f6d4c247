/** The shipped model files (public/models, or a --models folder) read from disk: src/model/modelFiles.ts's Node side. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFiles } from '../model/modelFiles.ts';
import { defaultModelsDir } from './packageRoot.ts';

export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`could not read ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export function fileModelFiles(modelsDir = defaultModelsDir): ModelFiles {
  return {
    readJson: (path) => readJsonFile(join(modelsDir, path)),
    readBinary: async (path) => {
      const b = await readFile(join(modelsDir, path));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}
