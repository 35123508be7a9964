import { and, asc, eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database, Transaction } from "../database";
import { rowsOf } from "../rows";
import { modelNameKey, modelPrices, undatedModelKey, workspaces } from "../schema";

export type ModelPrice = typeof modelPrices.$inferSelect;

/**
 * A price as it is typed: USD per million tokens, at most six digits on each side of the point
 * (what `numeric(12, 6)` holds, so a price is stored exactly as sent, never rounded).
 */
export const usdPerMillionPattern = /^(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?$/;

/**
 * The price row that prices `model` on `day`: the row kept under the name's own key, else
 * under its undated name (see `undatedModelKey`), whichever has a row in effect; of that
 * model's rows, the latest that took effect on or before the day. The price lookup of the
 * worker and of `findModelPrice`, so both always agree.
 */
export function priceInEffect(model: SQLWrapper, day: SQLWrapper): SQL {
  return sql`select p.* from (select ${modelNameKey(model)} as exact) k
    join agent.model_prices p on p.model in (k.exact, ${undatedModelKey(sql`k.exact`)})
    where p.effective_from <= ${day}
    order by p.model = k.exact desc, p.effective_from desc
    limit 1`;
}

/** Every price row, by model then date; or the rows a model name matches. */
export function listModelPrices(db: Database, { model }: { model?: string | undefined } = {}) {
  const key = model === undefined ? undefined : modelNameKey(sql`${model}::text`);
  return db
    .select()
    .from(modelPrices)
    .where(key ? sql`${modelPrices.model} in (${key}, ${undatedModelKey(key)})` : undefined)
    .orderBy(asc(modelPrices.model), asc(modelPrices.effectiveFrom));
}

export type PriceMatch = {
  /** The key the name reduces to, and its undated form: the names looked up, in that order. */
  key: string;
  undatedKey: string;
  price: ModelPrice | null;
};

/** How a model name as a step reports it is priced on a UTC day (`YYYY-MM-DD`). */
export async function findModelPrice(
  db: Database,
  { model, day }: { model: string; day: string },
): Promise<PriceMatch> {
  const name = sql`${model}::text`;
  const [keys] = rowsOf<{ key: string; undated_key: string; id: string | null }>(
    await db.execute(sql`
      select k.key, ${undatedModelKey(sql`k.key`)} as undated_key, p.id
      from (select ${modelNameKey(name)} as key) k
      left join lateral (${priceInEffect(name, sql`${day}::date`)}) p on true`),
  );
  if (!keys) throw new Error("findModelPrice: no row answered");
  const [price] = keys.id
    ? await db.select().from(modelPrices).where(eq(modelPrices.id, keys.id))
    : [];
  return { key: keys.key, undatedKey: keys.undated_key, price: price ?? null };
}

/** Who changes a price: the operator (the CLI, on the store itself), or a workspace's admin key. */
export type PriceEditor = "operator" | { workspaceId: string };

export type NewModelPrice = {
  model: string;
  provider?: string | null | undefined;
  /** `YYYY-MM-DD` */
  effectiveFrom: string;
  inputPrice: string;
  outputPrice: string;
  cacheReadPrice?: string | null | undefined;
  cacheWritePrice?: string | null | undefined;
  reasoningPrice?: string | null | undefined;
  source?: string | null | undefined;
};

export type SetPriceOutcome =
  | { outcome: "done"; price: ModelPrice }
  /** The workspace was not granted the right to change the global prices. */
  | { outcome: "refused" }
  /** The name is not in the form prices are kept under; `key` is that form. */
  | { outcome: "notAKey"; key: string };

/**
 * Writes the price of a model from a day on, replacing the row of that model and day. Steps
 * already applied keep the cost they were given; only steps applied afterwards read it.
 */
export async function setModelPrice(
  db: Database,
  { by, price }: { by: PriceEditor; price: NewModelPrice },
): Promise<SetPriceOutcome> {
  return db.transaction(async (tx) => {
    if (!(await mayEditPrices(tx, by))) return { outcome: "refused" };
    const key = await modelKeyOf(tx, price.model);
    if (key !== price.model) return { outcome: "notAKey", key };
    const values = {
      model: price.model,
      provider: price.provider ?? null,
      effectiveFrom: price.effectiveFrom,
      inputPrice: price.inputPrice,
      outputPrice: price.outputPrice,
      cacheReadPrice: price.cacheReadPrice ?? null,
      cacheWritePrice: price.cacheWritePrice ?? null,
      reasoningPrice: price.reasoningPrice ?? null,
      source: price.source ?? null,
    };
    const [row] = await tx
      .insert(modelPrices)
      .values(values)
      .onConflictDoUpdate({
        target: [modelPrices.model, modelPrices.effectiveFrom],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    if (!row) throw new Error("setModelPrice: no row returned");
    return { outcome: "done", price: row };
  });
}

export type RemovePriceOutcome =
  | { outcome: "done"; price: ModelPrice }
  | { outcome: "missing" }
  | { outcome: "refused" };

/**
 * Removes the price a model took on a day: steps applied afterwards on the days it covered read
 * the model's earlier price, if any, or are unpriced. Applied steps keep their cost.
 */
export async function removeModelPrice(
  db: Database,
  { by, model, effectiveFrom }: { by: PriceEditor; model: string; effectiveFrom: string },
): Promise<RemovePriceOutcome> {
  return db.transaction(async (tx) => {
    if (!(await mayEditPrices(tx, by))) return { outcome: "refused" };
    const [row] = await tx
      .delete(modelPrices)
      .where(and(eq(modelPrices.model, model), eq(modelPrices.effectiveFrom, effectiveFrom)))
      .returning();
    return row ? { outcome: "done", price: row } : { outcome: "missing" };
  });
}

/**
 * Lets (or stops) a workspace's admin keys change the global prices: an operator's decision,
 * since every workspace's costs read them. Undefined when there is no such workspace.
 */
export async function grantPriceEditing(
  db: Database,
  { workspaceId, granted }: { workspaceId: string; granted: boolean },
) {
  const [row] = await db
    .update(workspaces)
    .set({ canEditPrices: granted })
    .where(eq(workspaces.id, workspaceId))
    .returning({
      id: workspaces.id,
      slug: workspaces.slug,
      canEditPrices: workspaces.canEditPrices,
    });
  return row;
}

/** Read under a share lock, so a grant revoked meanwhile waits for this change or wins. */
async function mayEditPrices(db: Database | Transaction, by: PriceEditor) {
  if (by === "operator") return true;
  const [row] = await db
    .select({ granted: workspaces.canEditPrices })
    .from(workspaces)
    .where(eq(workspaces.id, by.workspaceId))
    .for("share");
  return row?.granted === true;
}

async function modelKeyOf(db: Database | Transaction, model: string) {
  const [row] = rowsOf<{ key: string }>(
    await db.execute(sql`select ${modelNameKey(sql`${model}::text`)} as key`),
  );
  return row?.key ?? "";
}
