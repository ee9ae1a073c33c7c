/** Joins its arguments into one string. Usage: {{> role-select id=(concat "role-" membership_id)}} */
export default function concat(...args: unknown[]): string {
  return args.slice(0, -1).join(''); // the last argument is Handlebars' options object
}
