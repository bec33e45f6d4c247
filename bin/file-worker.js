// A worker thread of the `genrescope` command (src/cli/runFiles.ts), started as the command is: see launch.js.
import { start } from './launch.js';

await start('cli/fileWorker');
