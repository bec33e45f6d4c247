/**
 * SHA-256 of a file's bytes with Web Crypto (crypto.subtle: the page, a worker and Node alike) as
 * lowercase hex, and the messages of the content-hash worker (contentHash.worker.ts), which runs
 * it for large files.
 */

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface HashRequest {
  id: number;
  file: Blob;
}

/** hex null: the file could not be read. */
export interface HashReply {
  id: number;
  hex: string | null;
}
