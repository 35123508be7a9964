/**
 * The extensions every embedded store loads, so its migrations run as they do on a server:
 * pg_trgm backs title search. Every place that opens PGlite passes these.
 */
export async function pgliteExtensions() {
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return { pg_trgm };
}
