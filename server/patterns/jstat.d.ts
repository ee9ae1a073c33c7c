/** The few jStat functions patterns use (jstat ships no types). */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number;
  }
  interface JStat {
    chisquare: Distribution;
    studentt: Distribution;
    normal: Distribution;
    spearmancoeff(a: number[], b: number[]): number;
    rank(values: number[]): number[];
    median(values: number[]): number;
  }
  const jStat: JStat;
  export default jStat;
}
