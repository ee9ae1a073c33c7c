/**
 * Import rules for server/, checked by `npm run lint`: no import cycles, and the pure text engine stays pure
 * (no database, no web). Type-only imports count too: a cycle of types is still a knot to untie.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Capabilities call each other one way; stories reach others through hooks.',
      from: { path: '^server/' },
      to: { circular: true },
    },
    {
      name: 'text-engine-is-pure',
      severity: 'error',
      comment: 'server/text is the language engine alone: no database, no Fastify, no web.',
      from: { path: '^server/text/' },
      to: { path: ['^server/(?!text/)', '^node_modules/(fastify|kysely|better-sqlite3|pg)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
