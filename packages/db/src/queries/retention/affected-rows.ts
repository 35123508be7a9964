/**
 * How many rows a statement changed: `count` on postgres.js, `affectedRows` on PGlite. Deletes
 * count rows this way rather than with RETURNING, which would ship every deleted row back.
 */
export function affectedRows(result: unknown): number {
  const { count, affectedRows: affected } = result as { count?: number; affectedRows?: number };
  return Number(count ?? affected ?? 0);
}
