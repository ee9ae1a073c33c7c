/** The statistics patterns show, checked against published worked examples (sources beside each). */
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, chiSquareTest, kruskalWallis, spearman } from '../../server/patterns/stats.ts';

describe('chi-square test of independence', () => {
  it('gives the published figures for party identification by gender', () => {
    // Agresti, An Introduction to Categorical Data Analysis, 2nd ed. (2007), Table 2.5 and §2.4.3: females
    // 762/327/468, males 484/239/477 (Democrat/Independent/Republican); X² = 30.1 with df = 2, P < 0.001; the
    // expected count for female Democrats is 703.7.
    const test = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ])!;
    expect(test.chiSquare).toBeCloseTo(30.07, 2);
    expect(test.df).toBe(2);
    expect(test.p).toBeLessThan(0.001);
    expect(test.p).toBeCloseTo(2.95e-7, 8);
    expect(test.expected[0]![0]).toBeCloseTo(703.7, 1);
    // Cramér's V = sqrt(X² / (n (min(r, c) − 1))) = sqrt(30.07 / 2757).
    expect(test.cramersV).toBeCloseTo(0.1044, 3);
  });

  it('gives the published figures for a 2×2 table', () => {
    // Agresti (2007), Table 2.3, aspirin and heart attacks (Physicians' Health Study): placebo 189 of 11034, aspirin
    // 104 of 11037. Pearson's X² without continuity correction is 25.01 (df 1; R's chisq.test(correct = FALSE)).
    const test = chiSquareTest([
      [189, 10845],
      [104, 10933],
    ])!;
    expect(test.chiSquare).toBeCloseTo(25.01, 1);
    expect(test.df).toBe(1);
    expect(test.p).toBeLessThan(0.0001);
  });

  it('makes no test with a single row or column', () => {
    expect(chiSquareTest([[3, 4, 5]])).toBeUndefined();
    expect(
      chiSquareTest([
        [3, 0],
        [4, 0],
      ]),
    ).toBeUndefined();
  });
});

describe('Kruskal–Wallis rank test', () => {
  it('gives the published H for the mucociliary efficiency example', () => {
    // Hollander & Wolfe, Nonparametric Statistical Methods (1973), p. 116 (the example of R's kruskal.test):
    // normal 2.9 3.0 2.5 2.6 3.2; obstructive airway disease 3.8 2.7 4.0 2.4; asbestosis 2.8 3.4 3.7 2.2 2.0.
    // R: Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68.
    const test = kruskalWallis([
      [2.9, 3.0, 2.5, 2.6, 3.2],
      [3.8, 2.7, 4.0, 2.4],
      [2.8, 3.4, 3.7, 2.2, 2.0],
    ])!;
    expect(test.h).toBeCloseTo(0.77143, 4);
    expect(test.df).toBe(2);
    expect(test.p).toBeCloseTo(0.68, 2);
    expect(test.medians).toEqual([2.9, 3.25, 2.8]);
  });

  it('corrects for ties', () => {
    // Checked by hand: groups [1,1,2] and [2,3,3]; ranks 1.5 1.5 3.5 | 3.5 5.5 5.5,
    // H = 12/(6·7)·(6.5²/3 + 14.5²/3) − 21 = 3.0476, tie correction 1 − 18/210, H = 3.3333.
    expect(
      kruskalWallis([
        [1, 1, 2],
        [2, 3, 3],
      ])!.h,
    ).toBeCloseTo(3.3333, 3);
  });

  it('makes no test when every answer is the same', () => {
    expect(
      kruskalWallis([
        [5, 5],
        [5, 5],
      ]),
    ).toBeUndefined();
  });
});

describe('Spearman rank correlation', () => {
  it('gives the published rho for IQ and hours of television', () => {
    // Wikipedia, "Spearman's rank correlation coefficient", worked example: IQ 106 86 100 101 99 103 97 113 112 110
    // against hours of TV a week 7 0 27 50 28 29 20 12 6 17: rho = −29/165 = −0.175757…, p = 0.627188 (t test).
    const test = spearman([106, 86, 100, 101, 99, 103, 97, 113, 112, 110], [7, 0, 27, 50, 28, 29, 20, 12, 6, 17])!;
    expect(test.rho).toBeCloseTo(-29 / 165, 6);
    expect(test.p).toBeCloseTo(0.627188, 4);
    expect(test.n).toBe(10);
  });

  it('makes no test when a scale does not vary', () => {
    expect(spearman([1, 2, 3, 4], [5, 5, 5, 5])).toBeUndefined();
  });
});

describe('Benjamini–Hochberg', () => {
  it('matches R p.adjust(method = "BH")', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 10));
  });
});
