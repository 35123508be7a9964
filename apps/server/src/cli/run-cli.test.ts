import { apiKeys, findUsableApiKey, readMigrationJournal } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "./run-cli";
import { stewardOn } from "./steward-for-tests";

describe("pnpm steward", () => {
  const database = useTestDatabase();

  const steward = stewardOn(database);

  it("creates a workspace, creates a key printed once, lists and revokes it", async () => {
    expect(await steward("workspace", "create", "Acme", "Corp", "--slug", "acme")).toMatch(
      /Created workspace "Acme Corp" \(slug acme/,
    );
    expect(await steward("workspace", "list")).toMatch(/acme/);

    const created = await steward(
      "key",
      "create",
      "--workspace",
      "acme",
      "--scopes",
      "read,ingest",
    );
    const plainKey = /\s(stw_\S+)$/.exec(created)?.[1];
    expect(plainKey).toBeDefined();
    const key = await findUsableApiKey(database.current.db, plainKey ?? "");
    expect(key?.scopes).toEqual(["read", "ingest"]);

    const listed = await steward("key", "list", "--workspace", "acme");
    expect(listed).toContain(key?.id);
    expect(listed).not.toContain(plainKey);

    expect(await steward("key", "revoke", "--workspace", "acme", key?.id ?? "")).toMatch(/Revoked/);
    expect(await findUsableApiKey(database.current.db, plainKey ?? "")).toBeUndefined();
    const [stored] = await database.current.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, key?.id ?? ""));
    expect(stored?.revokedAt).toBeInstanceOf(Date);
  });

  it("explains a wrong command instead of failing obscurely", async () => {
    await expect(steward("frobnicate")).rejects.toThrow(CliUsageError);
    await expect(steward("key", "create")).rejects.toThrow(/--workspace/);
    await expect(steward("key", "create", "--workspace", "nowhere")).rejects.toThrow(
      /No workspace "nowhere"/,
    );
    await steward("workspace", "create", "Beta", "--slug", "beta");
    await expect(
      steward("key", "create", "--workspace", "beta", "--scopes", "read,root"),
    ).rejects.toThrow(/--scopes/);
    await expect(
      steward("key", "revoke", "--workspace", "beta", crypto.randomUUID()),
    ).rejects.toThrow(/has no key/);
  });

  it("reports the migration state", async () => {
    const latest = readMigrationJournal().at(-1)?.tag;
    expect(await steward("migrate")).toBe(`Nothing to apply; the test store is at ${latest}.`);
  });
});
