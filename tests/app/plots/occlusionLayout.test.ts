/**
 * Where the occlusion map's cells land on the mel spectrogram plot (src/app/plots/occlusionLayout.ts):
 * x from the cell's times over the visible span, y from its band's edges on the spectrogram's
 * Slaney mel axis (0 Hz at the bottom, fmax at the top; 1 kHz is 15 mel of ~ 41.2 up to 11025 Hz),
 * opacity by |evidence| relative to the largest.
 */
import { describe, expect, it } from 'vitest';
import { hzToMel } from '../../../src/dsp/core/convert.ts';
import type { OcclusionMap } from '../../../src/model/explain/occlusion.ts';
import { MAX_ALPHA, overlayCells, regionBox, yOfHz } from '../../../src/app/plots/occlusionLayout.ts';

const frame = { x: 50, y: 10, width: 300, height: 200 };
const map: OcclusionMap = {
  genre: 'metal',
  grid: { timeCells: 2, bands: 2, maxPatches: 12 },
  bandEdgesHz: [0, 1000, 8000],
  times: [
    { startSec: 0, endSec: 1.5, patch: 0 },
    { startSec: 1.5, endSec: 3, patch: 0 },
  ],
  evidence: [
    [0.2, -0.05],
    [0.1, 0],
  ],
  patches: { total: 1, occluded: [0] },
  passes: 5,
};

describe('the occlusion overlay geometry', () => {
  it('puts 0 Hz at the bottom, fmax at the top and 1 kHz where the mel axis has it', () => {
    expect(yOfHz(0, frame, 11025)).toBe(210);
    expect(yOfHz(11025, frame, 11025)).toBeCloseTo(10, 9);
    expect(yOfHz(1000, frame, 11025)).toBeCloseTo(10 + 200 * (1 - 15 / hzToMel(11025)), 9);
    expect(yOfHz(20000, frame, 11025)).toBeCloseTo(10, 9); // clamped to the top
  });

  it('gives each cell its time span and band, and opacity by its share of the largest evidence', () => {
    const cells = overlayCells(map, frame, 11025, { startSec: 0, endSec: 6 });
    expect(cells).toHaveLength(4);
    const [lowFirst, highFirst, lowSecond, highSecond] = cells;
    expect(lowFirst).toMatchObject({ x: 50, width: 75, y: yOfHz(1000, frame, 11025), evidence: 0.2 });
    expect(lowFirst.alpha).toBeCloseTo(MAX_ALPHA, 12);
    expect(lowFirst.y + lowFirst.height).toBe(210);
    expect(highFirst).toMatchObject({ x: 50, y: yOfHz(8000, frame, 11025), evidence: -0.05 });
    expect(highFirst.alpha).toBeCloseTo(MAX_ALPHA / 4, 12);
    expect(highFirst.y + highFirst.height).toBeCloseTo(lowFirst.y, 9);
    expect(lowSecond).toMatchObject({ x: 125, width: 75 });
    expect(lowSecond.alpha).toBeCloseTo(MAX_ALPHA / 2, 12);
    expect(highSecond.alpha).toBe(0);
  });

  it('follows the visible span when zoomed', () => {
    const [cell] = overlayCells(map, frame, 11025, { startSec: 1, endSec: 2 });
    expect(cell.x).toBe(50 - 300);
    expect(cell.width).toBe(450);
    expect(regionBox({ startSec: 1.5, endSec: 2, lowHz: 0, highHz: 1000 }, frame, 11025, { startSec: 1, endSec: 2 })).toMatchObject({ x: 200, width: 150 });
  });
});
