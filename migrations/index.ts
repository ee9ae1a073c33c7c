/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import type { Kysely } from 'kysely';
import * as foundation from './2026-11-22-foundation.ts';
import * as stories from './2026-11-22-stories.ts';

export interface HearthMigration {
  up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
}

export const migrations: Record<string, HearthMigration> = {
  '2026-11-22-foundation': foundation,
  '2026-11-22-stories': stories,
};
