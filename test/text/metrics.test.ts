import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, vMeasure } from '../../bench/metrics.ts';

// Known values from scikit-learn's documentation of v_measure_score and adjusted_rand_score.
describe('V-measure', () => {
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 2], [0, 0, 1, 1], 0.8],
    [[0, 1, 2, 3], [0, 0, 1, 1], 2 / 3],
    [[0, 0, 1, 1], [0, 0, 1, 2], 0.8],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0],
    [[0, 0, 1, 1], [0, 0, 0, 0], 0],
  ])('truth %j, clusters %j -> %d', (truth, predicted, expected) => {
    expect(vMeasure(truth, predicted).vMeasure).toBeCloseTo(expected, 10);
  });

  it('splits into homogeneity and completeness', () => {
    const { homogeneity, completeness } = vMeasure([0, 0, 1, 2], [0, 0, 1, 1]);
    expect(homogeneity).toBeCloseTo(2 / 3, 10);
    expect(completeness).toBeCloseTo(1, 10);
  });

  it('does not care what the labels are called', () => {
    expect(vMeasure(['news', 'news', 'lore', 'lore'], ['b', 'b', 'a', 'a']).vMeasure).toBeCloseTo(1, 10);
  });
});

describe('adjusted Rand index', () => {
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 1], [1, 1, 0, 0], 1],
    [[0, 0, 1, 2], [0, 0, 1, 1], 4 / 7],
    [[0, 0, 1, 1], [0, 0, 1, 2], 4 / 7],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0],
    [[0, 0, 1, 1], [0, 1, 0, 1], -0.5],
  ])('truth %j, clusters %j -> %d', (truth, predicted, expected) => {
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(expected, 10);
  });

  it('refuses label lists of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow('differ in length');
  });
});
