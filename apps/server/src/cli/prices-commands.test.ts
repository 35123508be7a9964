import { findWorkspace, listModelPrices } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "./run-cli";
import { stewardOn } from "./steward-for-tests";

describe("pnpm steward prices", () => {
  const database = useTestDatabase();

  const steward = stewardOn(database);

  it("lists the table, sets, matches and removes a price", async () => {
    expect(await steward("prices", "list")).toMatch(
      /^\d+ price\(s\) in the test store[\s\S]*claude-sonnet-4-5\tfrom 2025-09-29\tinput 3\.000000\toutput 15\.000000/,
    );
    const set = await steward(
      "prices",
      "set",
      "acme-large",
      "--from",
      "2026-01-01",
      "--input",
      "2.5",
      "--output",
      "10",
      "--cache-read",
      "0.25",
      "--provider",
      "acme",
      "--source",
      "https://acme.example/pricing",
    );
    expect(set).toContain("Set acme-large\tfrom 2026-01-01\tinput 2.500000\toutput 10.000000");
    expect(set).toContain("steps already applied keep their cost");
    expect(await listModelPrices(database.current.db, { model: "acme-large" })).toMatchObject([
      { provider: "acme", cacheReadPrice: "0.250000", cacheWritePrice: null },
    ]);

    expect(await steward("prices", "match", "acme/acme-large-20260301", "--on", "2026-03-01")).toBe(
      'acme/acme-large-20260301 on 2026-03-01: looked up "acme-large-20260301", then "acme-large"; priced by acme-large\tfrom 2026-01-01\tinput 2.500000\toutput 10.000000\tcache read 0.250000\tcache write -\treasoning -\tacme\thttps://acme.example/pricing',
    );
    expect(await steward("prices", "match", "acme-large", "--on", "2025-12-31")).toMatch(
      /no price, so its steps' cost is unknown/,
    );
    expect(await steward("prices", "list", "acme-large")).toMatch(/^1 price\(s\)/);
    expect(await steward("prices", "remove", "acme-large", "--from", "2026-01-01")).toMatch(
      /^Removed acme-large/,
    );
    expect(await steward("prices", "list", "acme-large")).toBe(
      "0 price(s) in the test store, USD per million tokens:",
    );
  });

  it("grants and revokes a workspace's right to change prices through the API", async () => {
    await steward("workspace", "create", "Pricing", "--slug", "pricing");
    expect(await steward("prices", "grant", "--workspace", "pricing")).toMatch(/may now change/);
    expect((await findWorkspace(database.current.db, "pricing"))?.canEditPrices).toBe(true);
    expect(await steward("prices", "revoke", "--workspace", "pricing")).toMatch(/no longer/);
    expect((await findWorkspace(database.current.db, "pricing"))?.canEditPrices).toBe(false);
  });

  it("explains a wrong price command, naming the option", async () => {
    const set = ["prices", "set", "acme-x", "--from", "2026-01-01", "--input", "1", "--output"];
    await expect(steward(...set, "1.1234567")).rejects.toThrow(/--output: .*6 decimals/);
    await expect(
      steward("prices", "set", "acme-x", "--input", "1", "--output", "2"),
    ).rejects.toThrow(/--from/);
    await expect(
      steward("prices", "set", "acme-x", "--from", "2026-02-30", "--input", "1", "--output", "2"),
    ).rejects.toThrow(/--from: Invalid ISO date/);
    await expect(
      steward(
        "prices",
        "set",
        "OpenAI/GPT-5",
        "--from",
        "2026-01-01",
        "--input",
        "1",
        "--output",
        "2",
      ),
    ).rejects.toThrow(/set "gpt-5" instead/);
    await expect(steward("prices", "remove", "gpt-5", "--from", "2020-01-01")).rejects.toThrow(
      /No price of gpt-5/,
    );
    await expect(steward("prices", "match")).rejects.toThrow(/needs the model name/);
    await expect(steward("prices", "grant", "--workspace", "nowhere")).rejects.toThrow(
      /No workspace "nowhere"/,
    );
    await expect(steward("prices", "bump")).rejects.toThrow(/Unknown command "prices bump"/);
    await expect(steward("prices", "list", "--input", "1", "x", "y")).rejects.toThrow(
      CliUsageError,
    );
  });
});
