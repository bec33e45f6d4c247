/**
 * Where model files come from, for models that need no tfjs-layers (musicnn): the browser fetches
 * them from public/models (served at /models), Node reads them from disk (src/node/modelFiles.ts).
 * Paths are relative to the models folder (e.g. "musicnn/msd/metadata.json").
 */
export interface ModelFiles {
  readJson(path: string): Promise<unknown>;
  readBinary(path: string): Promise<ArrayBuffer>;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  return res;
}

/** A base URL with its trailing slash, so that a path appends to it. */
export const withSlash = (baseUrl: string) => (baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);

/** The browser's files: fetched from a base URL (default "/models/", i.e. public/models). */
export function fetchModelFiles(baseUrl = '/models/'): ModelFiles {
  const base = withSlash(baseUrl);
  return {
    readJson: async (path) => (await fetchOk(base + path)).json() as Promise<unknown>,
    readBinary: async (path) => (await fetchOk(base + path)).arrayBuffer(),
  };
}
