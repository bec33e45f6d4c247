// A worker thread of the `genrescope` command (src/cli/runFiles.ts): runs the TypeScript worker
// through tsx's loader, as bin/genrescope.js runs the command (loaders are per thread).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/fileWorker.ts');
