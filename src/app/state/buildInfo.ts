/**
 * What this build of the app is: its version (package.json's) and the version of each model it
 * ships (each metadata file's format and version, and a digest of the model's files, which tells
 * two trainings of one version apart). Computed once at build time by scripts/buildInfo.ts and
 * injected by vite.config.ts's `define`; where nothing was injected (unit tests in Node) the
 * version reads 'unknown' and no model is named.
 */
export interface ModelVersion {
  /** The metadata's `format`, e.g. 'genrescope-cnn'. */
  format: string;
  version: number;
  /** The first 16 hex digits of the SHA-256 over the model's files (metadata, topology, weights). */
  sha256: string;
}

export interface BuildInfo {
  appVersion: string;
  /** Keyed by the model's folder under public/models (`cnn`, `musicnn/msd`, ...) or `ensemble`. */
  models: Record<string, ModelVersion>;
}

declare const __GENRESCOPE_BUILD__: BuildInfo | undefined;

export const BUILD_INFO: BuildInfo = typeof __GENRESCOPE_BUILD__ === 'undefined' ? { appVersion: 'unknown', models: {} } : __GENRESCOPE_BUILD__;
