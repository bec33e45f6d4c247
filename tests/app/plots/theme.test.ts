/**
 * The light and dark themes of src/app/styles.css: every --plot-* colour the plots read
 * (plots/theme.ts) is set in both, plotThemeFrom takes them (and falls back to DEFAULT_THEME's
 * where one is missing), and the text colours keep WCAG's 4.5:1 on the backgrounds they sit on,
 * the focus ring 3:1 on the page, in each scheme.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../../src/app/plots/colormap.ts';
import { DEFAULT_THEME, plotThemeFrom } from '../../../src/app/plots/theme.ts';

const css = readFileSync('src/app/styles.css', 'utf8');

/** The custom properties of the first `:root { ... }` block after `from` in the stylesheet. */
function rootVariables(from: number): Map<string, string> {
  const start = css.indexOf(':root {', from);
  const body = css.slice(start, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = rootVariables(0);
const dark = new Map([...light, ...rootVariables(css.indexOf('@media (prefers-color-scheme: dark)'))]);
const styleOf = (vars: Map<string, string>) => ({ getPropertyValue: (name: string) => vars.get(name) ?? '' });

describe('the page themes', () => {
  it('has a dark scheme that sets its own colours', () => {
    expect(css).toContain('@media (prefers-color-scheme: dark)');
    expect(dark.get('--page')).not.toBe(light.get('--page'));
    expect(dark.get('--plot-bg')).not.toBe(light.get('--plot-bg'));
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('gives the plots every colour in the %s scheme', (_, vars) => {
    const theme = plotThemeFrom(styleOf(vars));
    expect(theme).toEqual({
      background: vars.get('--plot-bg'),
      ink: vars.get('--plot-ink'),
      grid: vars.get('--plot-grid'),
      wave: vars.get('--plot-wave'),
      beat: vars.get('--plot-beat'),
      font: DEFAULT_THEME.font,
    });
  });

  it('falls back to the default theme where the page sets nothing', () => {
    expect(plotThemeFrom(styleOf(new Map()))).toEqual(DEFAULT_THEME);
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps text at 4.5:1 and the focus ring at 3:1 in the %s scheme', (_, vars) => {
    const c = (name: string) => vars.get(name)!;
    for (const [ink, ground] of [
      ['--ink', '--page'],
      ['--ink', '--panel'],
      ['--muted', '--panel'],
      ['--muted', '--page'],
      ['--accent', '--panel'],
      ['--accent-ink', '--accent'],
      ['--danger', '--panel'],
      ['--ok-ink', '--panel'],
      ['--pause-ink', '--panel'],
      ['--ink', '--viewed'],
      ['--ink', '--note-bg'],
      ['--plot-ink', '--plot-bg'],
    ]) {
      expect(contrastRatio(c(ink), c(ground)), `${ink} on ${ground}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio(c('--focus'), c('--page'))).toBeGreaterThanOrEqual(3);
  });
});
