/// <reference lib="webworker" />
/** The content-hash worker: reads and hashes a large file here, so its bytes never load the page's thread (contentHash.ts). */
import { sha256Hex, type HashReply, type HashRequest } from './sha256.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<HashRequest>) => void) | null; postMessage(reply: HashReply): void };

scope.onmessage = ({ data: { id, file } }) => {
  sha256Hex(file).then(
    (hex) => scope.postMessage({ id, hex }),
    () => scope.postMessage({ id, hex: null }),
  );
};
