import { describe, expect, it } from "vitest";
import { pgErrorCodes } from "../database-error";
import { modelPrices } from "../schema";
import { createTestWorkspace, expectDatabaseError, useTestDatabase } from "../testing";
import {
  findModelPrice,
  grantPriceEditing,
  listModelPrices,
  removeModelPrice,
  setModelPrice,
} from "./model-prices";

describe("model prices", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  it("match a model name as providers, gateways and SDKs spell it", async () => {
    // name as a step reports it → the key it reduces to, and the row that prices it
    const names: [string, string, string | null][] = [
      ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
      ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5"],
      ["anthropic/claude-sonnet-4.5", "claude-sonnet-4-5", "claude-sonnet-4-5"],
      [
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "claude-sonnet-4-5",
      ],
      ["claude-sonnet-4-5@20250929", "claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
      ["claude-opus-4-1-20250805", "claude-opus-4-1-20250805", "claude-opus-4-1"],
      ["claude-3-7-sonnet-latest", "claude-3-7-sonnet-latest", "claude-3-7-sonnet"],
      ["openai/gpt-5", "gpt-5", "gpt-5"],
      ["gpt-5-2025-08-07", "gpt-5-2025-08-07", "gpt-5"],
      ["  GPT-5-Mini-2025-08-07 ", "gpt-5-mini-2025-08-07", "gpt-5-mini"],
      ["gpt-5.1", "gpt-5.1", "gpt-5.1"],
      // A snapshot priced apart keeps its own price; another snapshot takes the alias's.
      ["gpt-4o-2024-05-13", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
      ["gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o"],
      ["models/gemini-2.5-pro", "gemini-2.5-pro", "gemini-2.5-pro"],
      ["google/gemini-2.5-flash", "gemini-2.5-flash", "gemini-2.5-flash"],
      ["publishers/google/models/gemini-2.0-flash-001", "gemini-2.0-flash-001", "gemini-2.0-flash"],
      ["llama-3.1-70b-instruct", "llama-3.1-70b-instruct", null],
      // A version in the name is the model's own: only Bedrock's `-v1:0` form is dropped.
      ["deepseek-v3", "deepseek-v3", null],
      ["gemini-2.5-flash-preview-05-20", "gemini-2.5-flash-preview-05-20", null],
    ];
    for (const [name, key, pricedAs] of names) {
      const match = await findModelPrice(db(), { model: name, day: "2026-03-01" });
      expect({ name, key: match.key, pricedAs: match.price?.model ?? null }).toEqual({
        name,
        key,
        pricedAs,
      });
    }
  });

  it("price a step at the row in effect on its day, and nothing before the first", async () => {
    const o3 = (day: string) => findModelPrice(db(), { model: "o3-2025-04-16", day });
    expect((await o3("2025-04-15")).price).toBeNull();
    expect((await o3("2025-04-16")).price?.inputPrice).toBe("10.000000");
    expect((await o3("2025-06-09")).price?.outputPrice).toBe("40.000000");
    expect((await o3("2025-06-10")).price?.inputPrice).toBe("2.000000");
    expect((await o3("2026-03-01")).price).toMatchObject({
      model: "o3",
      effectiveFrom: "2025-06-10",
      cacheReadPrice: "0.500000",
      cacheWritePrice: null,
    });
  });

  it("seed the major providers' flagship and small models, each with its source", async () => {
    const rows = await listModelPrices(db());
    const models = new Set(rows.map((row) => row.model));
    for (const model of [
      "gpt-5",
      "gpt-5-mini",
      "gpt-5-nano",
      "claude-opus-4-5",
      "claude-sonnet-4-5",
      "claude-haiku-4-5",
      "gemini-2.5-pro",
      "gemini-2.5-flash",
      "gemini-2.5-flash-lite",
    ]) {
      expect(models.has(model), model).toBe(true);
    }
    expect(rows.every((row) => row.source?.startsWith("https://"))).toBe(true);
    expect(rows.every((row) => row.provider !== null)).toBe(true);
    expect(await listModelPrices(db(), { model: "anthropic/claude-haiku-4.5" })).toMatchObject([
      { model: "claude-haiku-4-5", inputPrice: "1.000000", outputPrice: "5.000000" },
    ]);
  });

  it("are changed by the operator, or by a workspace only while the operator grants it", async () => {
    const workspace = await createTestWorkspace(db());
    const by = { workspaceId: workspace.id };
    const price = {
      model: "acme-large",
      provider: "acme",
      effectiveFrom: "2026-01-01",
      inputPrice: "1.5",
      outputPrice: "6",
      source: "contract 42",
    };
    expect(await setModelPrice(db(), { by, price })).toEqual({ outcome: "refused" });
    expect(
      await removeModelPrice(db(), { by, model: "gpt-5", effectiveFrom: "2025-08-07" }),
    ).toEqual({ outcome: "refused" });

    expect(
      await grantPriceEditing(db(), { workspaceId: workspace.id, granted: true }),
    ).toMatchObject({ canEditPrices: true });
    const set = await setModelPrice(db(), { by, price });
    expect(set).toMatchObject({
      outcome: "done",
      price: { model: "acme-large", inputPrice: "1.500000", cacheReadPrice: null },
    });
    // The same model and day again replaces the row.
    const again = await setModelPrice(db(), { by, price: { ...price, inputPrice: "1.25" } });
    expect(again).toMatchObject({ outcome: "done", price: { inputPrice: "1.250000" } });
    expect(await listModelPrices(db(), { model: "acme-large" })).toHaveLength(1);

    await grantPriceEditing(db(), { workspaceId: workspace.id, granted: false });
    expect(await setModelPrice(db(), { by, price })).toEqual({ outcome: "refused" });
    const removed = await removeModelPrice(db(), {
      by: "operator",
      model: "acme-large",
      effectiveFrom: "2026-01-01",
    });
    expect(removed).toMatchObject({ outcome: "done", price: { model: "acme-large" } });
    expect(
      await removeModelPrice(db(), {
        by: "operator",
        model: "acme-large",
        effectiveFrom: "2026-01-01",
      }),
    ).toEqual({ outcome: "missing" });
  });

  it("are kept only under a name in matching form, refused otherwise with that form", async () => {
    const price = { effectiveFrom: "2026-01-01", inputPrice: "1", outputPrice: "2" };
    expect(
      await setModelPrice(db(), {
        by: "operator",
        price: { ...price, model: "Anthropic/Claude-Sonnet-4.5" },
      }),
    ).toEqual({ outcome: "notAKey", key: "claude-sonnet-4-5" });
    // The table itself refuses a row no name could ever match, and a negative price.
    await expectDatabaseError(
      db()
        .insert(modelPrices)
        .values({ ...price, model: "openai/gpt-5" }),
      pgErrorCodes.checkViolation,
      "model_prices_model_check",
    );
    await expectDatabaseError(
      db()
        .insert(modelPrices)
        .values({ ...price, model: "x", inputPrice: "-1" }),
      pgErrorCodes.checkViolation,
      "model_prices_nonnegative_check",
    );
  });
});
