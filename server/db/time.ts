/** Timestamps are stored as ISO-8601 text (SQLite cannot bind Dates). */
export function iso(date: Date = new Date()): string {
  return date.toISOString();
}
