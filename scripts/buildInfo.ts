/**
 * The app's build information (src/app/state/buildInfo.ts), read from the checkout at build time:
 * package.json's version and, for every model under public/models (a folder with a
 * metadata.json, and ensemble.json), its format, version and a digest of its files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BuildInfo, ModelVersion } from '../src/app/state/buildInfo.ts';

/** Text beside the weights (licences, readmes) does not change what a model computes. */
const NOT_MODEL = /^(license|readme)/i;

function modelVersion(metadataPath: string, files: readonly string[]): ModelVersion {
  const meta = JSON.parse(readFileSync(metadataPath, 'utf8')) as { format?: unknown; version?: unknown };
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(f));
  return { format: String(meta.format ?? 'unknown'), version: Number(meta.version ?? 0), sha256: hash.digest('hex').slice(0, 16) };
}

function modelFolders(dir: string, root: string, out: Record<string, ModelVersion>): void {
  const names = readdirSync(dir).sort();
  if (names.includes('metadata.json')) {
    const files = names.map((n) => join(dir, n)).filter((p) => statSync(p).isFile() && !NOT_MODEL.test(p.slice(dir.length + 1)));
    out[relative(root, dir).split(sep).join('/')] = modelVersion(join(dir, 'metadata.json'), files);
  }
  for (const n of names) if (statSync(join(dir, n)).isDirectory()) modelFolders(join(dir, n), root, out);
}

export function readBuildInfo(rootDir: string): BuildInfo {
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { version: string };
  const modelsDir = join(rootDir, 'public/models');
  const models: Record<string, ModelVersion> = {};
  modelFolders(modelsDir, modelsDir, models);
  const ensemble = join(modelsDir, 'ensemble.json');
  models.ensemble = modelVersion(ensemble, [ensemble]);
  return { appVersion: pkg.version, models };
}
