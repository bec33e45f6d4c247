/**
 * The CLI's commands as data: each names its options once, and that one description parses the
 * arguments (node:util parseArgs, strict), checks the values and writes the command's --help.
 * Errors in the arguments are UsageErrors: one line on stderr and exit status 2.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's name in the help text (`--top N`). */
  value?: string;
  description: string;
  /** May be given several times (`--class a=x.wav --class b=y.wav`): the value is the list. */
  multiple?: boolean;
}

export interface CommandSpec {
  name: string;
  /** A few words for the tool's command list. */
  brief: string;
  summary: string;
  /** What follows the options in the usage line. */
  operands: string;
  options: Record<string, OptionSpec>;
  /** Lines after the option list: what it prints, exit statuses. */
  notes?: string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandArgs {
  values: OptionValues;
  files: string[];
}

/** The parsed arguments, or 'help' for --help / -h. Throws UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): CommandArgs | 'help' {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple === true }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(usageMessage(err));
  }
  if (parsed.values.help) return 'help';
  const values: OptionValues = { ...parsed.values };
  delete values.help;
  return { values, files: parsed.positionals };
}

/** parseArgs's messages, shortened to the point. */
function usageMessage(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `unknown option '${quoted}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) return `option '${quoted.split(' ')[0]}' ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}`;
  return message.split('\n')[0];
}

/** A string option's value, or `fallback`. */
export function stringOption(values: OptionValues, name: string, fallback: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : fallback;
}

/** A repeatable string option's values, in the order given (none: an empty list). */
export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A positive integer option (`--jobs N`, `--top N`): undefined when absent; a UsageError when malformed. */
export function positiveIntOption(values: OptionValues, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a positive integer, got '${String(v)}'`);
  return n;
}

/** One of `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[], fallback: T): T {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be ${choices.join(' or ')}, got '${String(v)}'`);
  return v as T;
}

export function requireFiles(files: string[]): string[] {
  if (files.length === 0) throw new UsageError('no audio files given');
  return files;
}

export function usageLine(spec: CommandSpec): string {
  const opts = Object.entries(spec.options).map(([name, o]) => `[--${name}${o.value ? ` ${o.value}` : ''}]${o.multiple ? '...' : ''}`);
  return `genrescope ${spec.name} ${[...opts, spec.operands].filter(Boolean).join(' ')}`;
}

export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => [`--${name}${o.value ? ` ${o.value}` : ''}`, o.description]);
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: ${usageLine(spec)}`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(spec.notes ? ['', ...spec.notes] : []),
  ].join('\n');
}
