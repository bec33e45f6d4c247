#!/usr/bin/env node
// The `genrescope` command (src/cli/main.ts), compiled or from its sources: see launch.js. An
// error no command caught still ends in one line on stderr, not a stack trace.
import { start } from './launch.js';

try {
  const { main } = await start('cli/main');
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`genrescope: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
}
