/** Reports: the coordinator's words, and share links for funders. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

/** The coordinator's own words for an inquiry's report over one reporting period ('' when a bound is open). */
export interface ReportTextsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  period_from: string;
  period_to: string;
  title: string;
  introduction: string;
  conclusions: string;
  updated_by: number | null;
  updated_at: string;
}

/** A read-only link to an inquiry's report as funders see it; only a hash of its token is kept. */
export interface ShareLinksTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  token_hash: string;
  /** Who it is for, in the coordinator's words, e.g. "Community Foundation board". */
  label: string;
  /** The reporting period the link shows ('' when a bound is open). */
  period_from: string;
  period_to: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** One opening of a share link: when, and nothing about who (no address, no browser). */
export interface ShareAccessesTable {
  id: Generated<number>;
  link_id: number;
  accessed_at: string;
}

export type ReportText = Selectable<ReportTextsTable>;
export type ShareLink = Selectable<ShareLinksTable>;
