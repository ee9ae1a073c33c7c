/**
 * The published JSON Schema of the Hearth export, docs/hearth-export.schema.json, made from format.ts.
 * `npm run docs:schema` writes it; a test fails when the file differs from what this makes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HearthExportSchema } from './format.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../docs/hearth-export.schema.json', import.meta.url));

export function schemaFileText(): string {
  // TypeBox schemas are JSON Schema already; its own markers are symbols, which JSON.stringify leaves out.
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://hearth.example/schemas/hearth-export-1.json',
    title: 'Hearth export, version 1',
    ...HearthExportSchema,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
