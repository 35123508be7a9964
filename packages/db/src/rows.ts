/**
 * `db.execute` answers an array on postgres.js and `{ rows }` on PGlite; raw queries read their
 * rows through this so the same code runs on both stores.
 */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}
