/**
 * The history map's projection (src/model/custom/projection.ts) on synthetic embeddings whose
 * answer is known: points on a circle in a random plane, far out along a shared direction (as
 * musicnn's embeddings all point roughly one way), project to that circle along its axes, with the
 * sign convention fixed; the input order changes nothing; 0, 1 and 2 points; both matrix paths.
 */
import { describe, expect, it } from 'vitest';
import { projectPca } from '../../src/model/custom/projection.ts';
import { dot } from '../../src/model/custom/vectors.ts';
import { rng, SIZE } from '../support/embeddings.ts';

const D = SIZE;

/** `count` orthonormal random vectors of `size` values (Gram-Schmidt). */
function orthonormal(count: number, size: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const out: Float64Array[] = [];
  while (out.length < count) {
    const v = Float64Array.from({ length: size }, r);
    for (const u of out) {
      const p = dot(v, u);
      for (let j = 0; j < size; j++) v[j] -= p * u[j];
    }
    const n = Math.sqrt(dot(v, v));
    out.push(v.map((x) => x / n));
  }
  return out;
}

/** The sign the convention gives a direction: that of its entry of largest magnitude. */
const conventionSign = (v: Float64Array) => Math.sign(v.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0));

/** Points offset * c + r (cos a e1 + sin a e2): all of one length, so making them unit length scales them alike. */
function circle(angles: number[], { size = D, seed = 11, offset = 4, radius = 1 } = {}) {
  const [c, e1, e2] = orthonormal(3, size, seed);
  const vectors = angles.map((a) => Float64Array.from({ length: size }, (_, j) => offset * c[j] + radius * (Math.cos(a) * e1[j] + Math.sin(a) * e2[j])));
  const scale = radius / Math.hypot(offset, radius);
  return { vectors, e1, e2, expected: angles.map((a) => [conventionSign(e1) * scale * Math.cos(a), conventionSign(e2) * scale * Math.sin(a)]) };
}

// Symmetric about both axes (mean zero, no covariance) and wider along e1 than along e2.
const ANGLES = [20, -20, 160, 200, 50, -50, 130, 230].map((deg) => (deg * Math.PI) / 180);

describe('projectPca', () => {
  it('recovers points on a circle in a random plane, x along its wider axis, with the sign convention', () => {
    const { vectors, expected } = circle(ANGLES);
    const { points, explained } = projectPca(vectors);
    points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 9);
      expect(y).toBeCloseTo(expected[i][1], 9);
    });
    // variance shares: sum cos^2 against sum sin^2 over the angles, nothing elsewhere
    const cos2 = ANGLES.reduce((s, a) => s + Math.cos(a) ** 2, 0);
    expect(explained[0]).toBeCloseTo(cos2 / ANGLES.length, 9);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 9);
    expect(explained[0]).toBeGreaterThan(explained[1]);
  });

  it('gives every track the same place whatever the order, and ignores each vector\'s length', () => {
    const { vectors } = circle(ANGLES, { seed: 5 });
    const a = projectPca(vectors).points;
    const order = [3, 7, 0, 5, 1, 6, 2, 4];
    const b = projectPca(order.map((i) => vectors[i].map((v) => v * (1 + i)))).points;
    order.forEach((i, k) => {
      expect(b[k][0]).toBeCloseTo(a[i][0], 9);
      expect(b[k][1]).toBeCloseTo(a[i][1], 9);
    });
  });

  it('takes the covariance path when there are more points than values, with the same answer', () => {
    const angles = [...ANGLES, ...[35, -35, 145, 215].map((deg) => (deg * Math.PI) / 180)];
    const { vectors, expected } = circle(angles, { size: 6, seed: 2 });
    const { points } = projectPca(vectors);
    expect(points).toHaveLength(12);
    points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 9);
      expect(y).toBeCloseTo(expected[i][1], 9);
    });
  });

  it('handles no track, one, two, and tracks that are all alike', () => {
    expect(projectPca([])).toEqual({ points: [], explained: [0, 0] });
    const [u, v] = orthonormal(2, D, 3);
    expect(projectPca([u])).toEqual({ points: [[0, 0]], explained: [0, 0] });
    const two = projectPca([u, v]);
    // unit vectors at right angles: sqrt(2) apart, on the x axis either side of the origin
    expect(two.points[0][0]).toBeCloseTo(-two.points[1][0], 12);
    expect(Math.abs(two.points[0][0] - two.points[1][0])).toBeCloseTo(Math.SQRT2, 12);
    expect(two.points.map((p) => p[1])).toEqual([0, 0]);
    expect(two.explained[0]).toBeCloseTo(1, 12);
    expect(two.explained[1]).toBe(0);
    expect(projectPca([u, u.map((x) => 3 * x), u]).points).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(() => projectPca([u, new Float64Array(3)])).toThrow(RangeError);
  });
});
