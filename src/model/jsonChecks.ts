/** Checked reads of parsed JSON (model metadata files): each throws a MetadataError naming the field. */
export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

export type Json = Record<string, unknown>;

export function obj(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MetadataError(`${what} must be an object`);
  return v as Json;
}

export function optionalObj(v: unknown, what: string): Json | undefined {
  return v === undefined ? undefined : obj(v, what);
}

export function num(o: Json, key: string, what: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MetadataError(`${what}.${key} must be a finite number`);
  return v;
}

export function posInt(o: Json, key: string, what: string): number {
  const v = num(o, key, what);
  if (!Number.isInteger(v) || v < 1) throw new MetadataError(`${what}.${key} must be a positive integer`);
  return v;
}

export function numArray(o: Json, key: string, length: number, what: string): number[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new MetadataError(`${what}.${key} must be ${length} finite numbers`);
  }
  return v as number[];
}
