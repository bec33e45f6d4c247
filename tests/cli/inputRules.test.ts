/**
 * The CLI's side of "same file, same verdict": every case of tests/support/inputCases.ts through
 * `genrescope features --format json` (the input rules apply before any model), refused with one
 * line on stderr or analysed with exactly the expected warnings. tests/e2e/inputRules.test.ts
 * drops the same files on the page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeaturesJson } from '../../src/cli/features.ts';
import { INPUT_CASES, writeInputCases } from '../support/inputCases.ts';

describe('the input rules in the CLI', () => {
  it('gives each shared case its verdict: refused with one line, or analysed with its warnings', () => {
    const paths = writeInputCases(mkdtempSync(join(tmpdir(), 'genrescope-cases-')));
    const files = INPUT_CASES.map((c) => paths.get(c.name)!);
    const r = spawnSync(process.execPath, ['bin/genrescope.js', 'features', '--format', 'json', ...files], { encoding: 'utf8' });
    expect(r.status).toBe(1); // some files are refused
    const rows = JSON.parse(r.stdout) as FeaturesJson[];
    const errors = r.stderr.trim().split('\n');
    for (const c of INPUT_CASES) {
      const path = paths.get(c.name)!;
      const row = rows.find((x) => x.file === path);
      const error = errors.find((e) => e.includes(path));
      if ('refused' in c.expect) {
        expect(row, c.name).toBeUndefined();
        expect(error, c.name).toMatch(/^genrescope: cannot (read|decode|analyse) /);
        expect(error, c.name).toMatch(c.expect.refused);
      } else {
        expect(error, c.name).toBeUndefined();
        expect(row!.warnings.map((w) => w.code), c.name).toEqual(c.expect.warnings);
      }
    }
    expect(errors).toHaveLength(INPUT_CASES.filter((c) => 'refused' in c.expect).length);
  });
});
