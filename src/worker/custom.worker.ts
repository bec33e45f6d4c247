/// <reference lib="webworker" />
/**
 * The custom-classes worker: trains the user's classes and lays out the history map
 * (customProtocol.ts), so that the leave-one-out retrainings and the projection never hold up the page.
 */
import { answerCustomRequest, MUSICNN_METADATA_PATH, type CustomReply, type CustomRequest } from './customProtocol.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<CustomRequest>) => void) | null; postMessage(reply: CustomReply): void };

const deps = {
  async readMusicnnMetadata(): Promise<unknown> {
    const url = new URL(`/models/${MUSICNN_METADATA_PATH}`, self.location.origin).href;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
    return res.json();
  },
  now: () => performance.now(),
};

// One request at a time, in order: a newer training waits for the one running.
let chain = Promise.resolve();
scope.onmessage = ({ data }) => {
  chain = chain.then(async () => scope.postMessage(await answerCustomRequest(data, deps)));
};
