/**
 * The content hash of a dropped file: SHA-256 of its bytes with Web Crypto (crypto.subtle, in the
 * page and in Node alike), as lowercase hex, by which the same audio dropped again is recognised
 * and an interrupted analysis matched with the file chosen to run it again. Reading the blob and
 * the digest are both asynchronous (Chromium computes digests on Web Crypto's own threads), so a
 * large file does not hold up the page; the bytes are in memory once while hashing, so a file
 * over MAX_HASH_BYTES is not hashed and gets no duplicate check.
 */
import type { ContentHasher } from '../state/ports.ts';

export const MAX_HASH_BYTES = 512 * 1024 * 1024;

export async function sha256Hex(file: Blob): Promise<string | null> {
  if (file.size > MAX_HASH_BYTES) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const webCryptoHasher: ContentHasher = { hash: sha256Hex };
