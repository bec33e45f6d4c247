/**
 * The genre colours survive colour-blindness: every pair stays apart (CIEDE2000) in normal vision
 * and under simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, full
 * severity), and rock is a colour, not a grey. The simulation and the colour difference are
 * checked first against published values (Sharma et al. 2005's CIEDE2000 test pairs).
 */
import { describe, expect, it } from 'vitest';
import { GENRE_COLORS } from '../../src/app/components/charts/palette.ts';
import { inkOn } from '../../src/app/plots/colormap.ts';
import { GTZAN_GENRES } from '../../src/app/state/types.ts';
import { ciede2000, hexToRgb, MACHADO_2009, minPairDistance, rgbToLab, simulate, type Deficiency } from '../support/colorVision.ts';

const DEFICIENCIES: Deficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

describe('the colour science the palette is checked with', () => {
  it('CIEDE2000 gives Sharma, Wu & Dalal’s published differences (to their 4 decimals)', () => {
    const pairs: [[number, number, number], [number, number, number], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
      [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
      [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[50, 2.5, 0], [61, -5, 29], 22.8977],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    ];
    for (const [a, b, expected] of pairs) {
      expect(ciede2000(a, b)).toBeCloseTo(expected, 4);
      expect(ciede2000(b, a)).toBeCloseTo(expected, 4);
    }
  });

  it('sRGB white is L* 100 and neutral; each Machado matrix keeps white and greys as they are', () => {
    const white = rgbToLab([255, 255, 255]);
    expect(white[0]).toBeCloseTo(100, 2);
    expect(Math.hypot(white[1], white[2])).toBeLessThan(0.01);
    for (const d of DEFICIENCIES) {
      for (const row of MACHADO_2009[d]) expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 4);
      const grey = simulate([128, 128, 128], d);
      grey.forEach((c) => expect(c).toBeCloseTo(128, 0));
    }
  });

  it('the simulation confuses what dichromats confuse: red and green for protanopes and deuteranopes, blue and bluish green for tritanopes', () => {
    const lab = (hex: string, d: Deficiency | null) => rgbToLab(d ? simulate(hexToRgb(hex), d) : hexToRgb(hex));
    const [red, green] = ['#e15759', '#59a14f'];
    const normal = ciede2000(lab(red, null), lab(green, null));
    expect(normal).toBeGreaterThan(40);
    expect(ciede2000(lab(red, 'deuteranopia'), lab(green, 'deuteranopia'))).toBeLessThan(5);
    // protanopes also see red darker, so the pair keeps a lightness difference
    expect(ciede2000(lab(red, 'protanopia'), lab(green, 'protanopia'))).toBeLessThan(normal / 2);
    // Okabe–Ito's blue and bluish green, told apart by everyone but tritanopes
    expect(ciede2000(lab('#0072b2', null), lab('#009e73', null))).toBeGreaterThan(30);
    expect(ciede2000(lab('#0072b2', 'tritanopia'), lab('#009e73', 'tritanopia'))).toBeLessThan(15);
  });
});

describe('genre colours', () => {
  it('ten distinct colours, one per genre', () => {
    expect(GENRE_COLORS).toHaveLength(GTZAN_GENRES.length);
    expect(new Set(GENRE_COLORS.map((c) => c.toLowerCase())).size).toBe(10);
  });

  it('every pair stays apart in normal vision (ΔE00 ≥ 15) and under each full dichromacy (ΔE00 ≥ 11)', () => {
    const normal = minPairDistance(GENRE_COLORS, 'normal');
    expect(normal.distance, `closest pair ${normal.pair.join(' / ')}`).toBeGreaterThanOrEqual(15);
    for (const d of DEFICIENCIES) {
      const worst = minPairDistance(GENRE_COLORS, d);
      expect(worst.distance, `${d}: closest pair ${worst.pair.join(' / ')}`).toBeGreaterThanOrEqual(11);
    }
  });

  it('the check fails a palette with a red and a green (what it is there to catch)', () => {
    const withRedGreen = [...GENRE_COLORS.slice(0, 8), '#e15759', '#59a14f'];
    expect(minPairDistance(withRedGreen, 'normal').distance).toBeGreaterThanOrEqual(11);
    expect(minPairDistance(withRedGreen, 'deuteranopia').distance).toBeLessThan(11);
  });

  it('rock is a strong colour, not a grey (CIELAB chroma over 50)', () => {
    const [, a, b] = rgbToLab(hexToRgb(GENRE_COLORS[GTZAN_GENRES.indexOf('rock')]));
    expect(Math.hypot(a, b)).toBeGreaterThan(50);
  });

  it('labels on each colour get the ink that contrasts more (WCAG): black on the light ones, white on the dark', () => {
    expect(inkOn('#ffffff')).toBe('#000000');
    expect(inkOn('#000000')).toBe('#ffffff');
    expect(inkOn(GENRE_COLORS[GTZAN_GENRES.indexOf('pop')])).toBe('#000000');
    expect(inkOn(GENRE_COLORS[GTZAN_GENRES.indexOf('hiphop')])).toBe('#ffffff');
  });
});
