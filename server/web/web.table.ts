/** Cross-cutting HTTP state kept in the database: forms parked while a session expired. Table types only: no imports of stores. */
import type { Generated } from 'kysely';

/** A form posted after its session expired, kept until the person signs in again and it is restored. */
export interface ParkedFormsTable {
  id: Generated<number>;
  token_hash: string;
  path: string;
  body: string;
  created_at: string;
  /** The person whose expired session posted it: the only one it is given back to (null: kept before owners). */
  user_id: number | null;
  /** The address it was posted from, to cap how many one address keeps. */
  address: string | null;
}
