import type { ApiKeyScope } from "@steward/db";

/** `write` can read what it writes; `admin` can do anything in its workspace. */
export function keyGrants(scopes: readonly ApiKeyScope[], required: ApiKeyScope): boolean {
  if (scopes.includes(required) || scopes.includes("admin")) return true;
  return required === "read" && scopes.includes("write");
}
