/** Minimal flag parsing shared by the CLI commands: `--name value`, `--name=value`, `--flag`, files. */
export interface ParsedArgs {
  flags: Map<string, string | true>;
  files: string[];
}

export function parseArgs(args: string[], valued: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags.set(name, a.slice(eq + 1));
    else if (valued.includes(name)) {
      const value = args[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags.set(name, value);
    } else flags.set(name, true);
  }
  return { flags, files };
}

/** One-line error for a file that could not be processed; the command goes on with the others. */
export function reportFileError(command: string, file: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`genrescope ${command}: ${file}: ${message.split('\n')[0]}\n`);
}

/** A flag's positive integer value (`--jobs N`, `--top N`): undefined when absent, null when malformed. */
export function positiveIntFlag(v: string | true | undefined): number | undefined | null {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : null;
}
