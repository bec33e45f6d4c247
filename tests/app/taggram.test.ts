/**
 * Where the taggram's cells go: one per patch and tag row, placed by the patch's start and end
 * seconds on the plots' shared time axis, top tag first, rows a pixel apart, clamped to 0..1; and
 * the colour scale shown beside it.
 */
import { describe, expect, it } from 'vitest';
import { cssColor, cssGradient, viridis } from '../../src/app/plots/colormap.ts';
import { taggramCells } from '../../src/app/plots/taggramLayout.ts';

// draw.ts's plotArea for a 652 x 244 canvas (margins 52 left, 10 right, 6 top, 22 bottom).
const f = { x: 52, y: 6, width: 590, height: 216 };
// A 7.5 s track in 3 s patches: the third runs past the end and is cut at it, the fourth is padding.
const patches = [
  { start: 0, end: 3, values: [0.0, 0.5, 1.0] },
  { start: 3, end: 6, values: [0.25, 0.75, 0.1] },
  { start: 6, end: 9, values: [0.9, 0.2, 1.3] },
  { start: 9, end: 12, values: [1, 1, 1] },
];
const x = (t: number) => Math.round(f.x + (t / 7.5) * f.width);

describe('taggram cells', () => {
  it('places each patch by its seconds on the time axis, one strip per tag, top tag first', () => {
    const cells = taggramCells(f, patches, [2, 0], 7.5);
    expect(cells).toHaveLength(3 * 2);
    expect(cells.map((c) => [c.x, c.row])).toEqual([
      [x(0), 0],
      [x(0), 1],
      [x(3), 0],
      [x(3), 1],
      [x(6), 0],
      [x(6), 1],
    ]);
    expect(cells[0].x).toBe(f.x);
    expect(cells[0].w).toBe(x(3) - x(0));
    expect(cells[2].x).toBe(cells[0].x + cells[0].w); // patches meet: no seam, no overlap
    expect(cells[4].x + cells[4].w).toBe(f.x + f.width); // cut at the track's end, the plot's right edge
    expect(cells[0].y).toBe(f.y);
    expect(cells[0].y + cells[0].h).toBe(cells[1].y - 1); // a one-pixel gap between rows
    expect(cells[1].y + cells[1].h).toBeLessThanOrEqual(f.y + f.height);
    // The values of the row's tag, clamped to 0..1: 'row 0' is tag 2, 'row 1' is tag 0.
    expect(cells.map((c) => c.value)).toEqual([1, 0, 0.1, 0.25, 1, 0.9]);
  });

  it('has no cells without rows or duration', () => {
    expect(taggramCells(f, patches, [], 7.5)).toEqual([]);
    expect(taggramCells(f, patches, [0], 0)).toEqual([]);
  });

  it('a long track’s many patches still get at least a pixel each', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ start: i * 3, end: i * 3 + 3, values: [0.5] }));
    const cells = taggramCells(f, many, [0], 1200);
    expect(cells).toHaveLength(400);
    expect(cells.every((c) => c.w >= 1 && c.x >= f.x && c.x < f.x + f.width)).toBe(true);
  });

  it('the colour scale beside the title is the same map, 0 at the left', () => {
    expect(cssGradient(viridis, 3)).toBe(`linear-gradient(90deg, ${cssColor(viridis, 0)}, ${cssColor(viridis, 0.5)}, ${cssColor(viridis, 1)})`);
  });
});
