/** Node's worker_threads ports and workers as the protocol's MessageEndpoint (src/worker/protocol.ts). */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { MessageEndpoint } from '../worker/protocol.ts';

export function nodePortEndpoint<In, Out>(port: MessagePort | Worker): MessageEndpoint<In, Out> {
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as ArrayBuffer[]),
    addEventListener: (_type, listener) => void port.on('message', (data: In) => listener({ data })),
  };
}
