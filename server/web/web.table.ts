/**
 * Cross-cutting HTTP state kept in the database: forms parked while a session expired, and rate-limit counts.
 * Table types only: no imports of stores.
 */
import type { ColumnType, Generated } from 'kysely';

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

/** How many tries one address made at one rate-limited route in the current window, shared by every app server. */
export interface RateLimitsTable {
  /** The route (method and path pattern) and the address. */
  key: string;
  count: number;
  /** When the window ends, in milliseconds since 1970 (a bigint: PostgreSQL returns it as text). */
  ends_at: ColumnType<number | string, number, number>;
}
