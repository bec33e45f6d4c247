// The musicnn helper thread of `genrescope classify` on one file (src/cli/musicnnHelper.ts), started as the command is: see launch.js.
import { start } from './launch.js';

await start('cli/musicnnHelper');
