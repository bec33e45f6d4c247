/**
 * One line for a file the CLI could not process, in the form `cannot read x.mp3: no such file`:
 * what failed (reading, decoding, analysing) and why in plain words, never a stack trace or a
 * raw errno. The worker threads send this line, so every thread words it the same way.
 */
import { InputRejected } from '../input/rules.ts';
import { AudioDecodeError } from '../node/decodeAudio.ts';

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENAMETOOLONG: 'file name too long',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** A file system error in plain words ("no such file"), else its message's first line. */
export function fsReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in FS_REASONS ? FS_REASONS[code] : firstLine(err);
}

export function fileErrorLine(file: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FS_REASONS) return `cannot read ${file}: ${FS_REASONS[code]}`;
  if (err instanceof InputRejected) return `cannot ${err.code === 'empty' ? 'read' : 'analyse'} ${file}: ${err.message}`;
  if (err instanceof AudioDecodeError) return `cannot decode ${file}: ${err.message}`;
  return `cannot analyse ${file}: ${firstLine(err)}`;
}

/** Writes the line for a failed file to stderr. */
export function reportFileError(line: string): void {
  process.stderr.write(`genrescope: ${line}\n`);
}
