/** Equality test for #if and attributes. Usage: {{#if (eq role "coordinator")}}…{{/if}}  <option {{#if (eq a b)}}selected{{/if}}> */
export default function eq(a: unknown, b: unknown): boolean {
  return String(a) === String(b);
}
