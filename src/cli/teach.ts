/**
 * `genrescope teach --class NAME=FILE,FILE,... [--class ...] --out model.json`: your own classes
 * from a few examples each. Each file's embedding (embedFiles.ts, cached), the logistic head and
 * each class's leave-one-out accuracy (src/model/custom), written as one JSON file that
 * `classify --custom` and the page read. Prints one line per class:
 * `NAME<TAB>N examples<TAB>leave-one-out P%` and where the model went.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildCustomModel, customModelJson, type CustomExample } from '../model/custom/modelFile.ts';
import { listOption, positiveIntOption, stringOption, UsageError, type CommandArgs } from './args.ts';
import { embedFiles, modelsDirDefault } from './embedFiles.ts';
import { fsReason } from './fileErrors.ts';

export interface ClassSpec {
  name: string;
  files: string[];
}

/** The --class values as classes; a UsageError for a malformed one, a repeated name or fewer than two classes. */
export function parseClasses(values: string[]): ClassSpec[] {
  const classes = values.map((v) => {
    const eq = v.indexOf('=');
    const name = eq < 0 ? '' : v.slice(0, eq).trim();
    const files = eq < 0 ? [] : v.slice(eq + 1).split(',').filter(Boolean);
    if (!name || files.length === 0) throw new UsageError(`--class needs NAME=FILE,FILE,..., got '${v}'`);
    return { name, files };
  });
  const names = classes.map((c) => c.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`class '${twice}' is given twice: list all its files in one --class`);
  if (classes.length < 2) throw new UsageError('teach needs at least two classes (--class NAME=FILE,... twice or more)');
  return classes;
}

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

export async function runTeach({ values, files: operands }: CommandArgs): Promise<number> {
  if (operands.length > 0) throw new UsageError(`teach takes its files in --class NAME=FILE,...; unexpected '${operands[0]}'`);
  const classes = parseClasses(listOption(values, 'class'));
  const out = stringOption(values, 'out', '');
  if (!out) throw new UsageError('--out <model.json> is needed');
  const files = classes.flatMap((c) => c.files);
  const embedded = await embedFiles(files, { modelsDir: stringOption(values, 'models', modelsDirDefault), jobs: positiveIntOption(values, 'jobs') });
  if (!embedded) return 1;
  const examples: CustomExample[] = [];
  let i = 0;
  for (const c of classes) {
    for (const f of c.files) {
      const e = embedded.embeddings[i++];
      if (e) examples.push({ class: c.name, name: basename(f), embedding: Array.from(e) });
    }
  }
  const empty = classes.find((c) => !examples.some((e) => e.class === c.name));
  if (empty) {
    process.stderr.write(`genrescope: class '${empty.name}' has no example that could be heard: no model written\n`);
    return 1;
  }
  const model = buildCustomModel(embedded.id, classes.map((c) => c.name), examples);
  try {
    writeFileSync(out, customModelJson(model.file));
  } catch (err) {
    process.stderr.write(`genrescope: cannot write ${out}: ${fsReason(err)}\n`);
    return 1;
  }
  for (const c of classes) {
    const n = examples.filter((e) => e.class === c.name).length;
    const loo = model.file.leaveOneOut[c.name];
    process.stdout.write(`${c.name}\t${n} example${n === 1 ? '' : 's'}\tleave-one-out ${loo === null ? 'n/a (one example)' : pct(loo)}\n`);
  }
  process.stdout.write(`wrote ${out}\n`);
  return examples.length < files.length ? 1 : 0;
}
