/** The first truthy value. Usage: {{or values.name user.name}} */
export default function or(...args: unknown[]): unknown {
  const values = args.slice(0, -1); // the last argument is Handlebars' options object
  return values.find(Boolean) ?? values[values.length - 1];
}
