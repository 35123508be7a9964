import {
  findModelPrice,
  listModelPrices,
  type RemovePriceOutcome,
  removeModelPrice,
  type SetPriceOutcome,
  setModelPrice,
} from "@steward/db";
import { z } from "zod";
import { modelPriceInput, modelPriceRow, priceMatch, utcDay } from "../contracts/prices";
import { AppError, notFound } from "../errors";
import { name } from "../inputs";
import { adminProcedure, readProcedure, router } from "../trpc";

/**
 * Prices are global: every workspace's costs read them. So a workspace's admin key changes them
 * only when the operator granted that workspace (`pnpm steward prices grant`); otherwise the
 * operator changes them with `pnpm steward prices set`.
 */
const notGranted = () =>
  new AppError(
    "FORBIDDEN",
    "Model prices are shared by every workspace: the operator changes them (`pnpm steward prices set`), or grants a workspace's admin keys the right (`pnpm steward prices grant --workspace …`)",
  );

function priceOf(outcome: SetPriceOutcome | RemovePriceOutcome) {
  switch (outcome.outcome) {
    case "done":
      return outcome.price;
    case "refused":
      throw notGranted();
    case "missing":
      throw notFound("Price", "effectiveFrom");
    case "notAKey":
      throw new AppError(
        "BAD_REQUEST",
        `Prices are kept under the name a model reduces to; this one is "${outcome.key}" (see prices.match)`,
        { field: "model" },
      );
  }
}

const today = () => new Date().toISOString().slice(0, 10);

export const pricesRouter = router({
  /**
   * The model price table (USD per million tokens, each row from its `effectiveFrom` day on), by
   * model then day; with `model`, the rows that name matches. Any key may read it.
   */
  list: readProcedure
    .output(z.array(modelPriceRow))
    .input(z.object({ model: name.optional() }).default({}))
    .query(({ ctx, input }) => listModelPrices(ctx.db, input)),

  /**
   * How a model name, as a step reports it, is priced on a UTC day (today by default): the key
   * it reduces to (provider prefix, Bedrock's spelling and case dropped), its undated form
   * (snapshot date, `-001` or `-latest` dropped), and the price row in effect, or null when the
   * model has none, so such steps cost "unknown".
   */
  match: readProcedure
    .output(priceMatch)
    .input(z.object({ model: name, day: utcDay.optional() }))
    .query(({ ctx, input }) =>
      findModelPrice(ctx.db, { model: input.model, day: input.day ?? today() }),
    ),

  /**
   * Sets a model's price from a day on (replacing that model's row of that day). Steps already
   * applied keep their cost; steps applied afterwards read the new price.
   */
  set: adminProcedure
    .output(modelPriceRow)
    .input(modelPriceInput)
    .mutation(async ({ ctx, input }) =>
      priceOf(await setModelPrice(ctx.db, { by: { workspaceId: ctx.workspaceId }, price: input })),
    ),

  /** Removes a model's price of a day; steps already applied keep their cost. */
  remove: adminProcedure
    .output(modelPriceRow)
    .input(z.object({ model: name, effectiveFrom: utcDay }))
    .mutation(async ({ ctx, input }) =>
      priceOf(await removeModelPrice(ctx.db, { by: { workspaceId: ctx.workspaceId }, ...input })),
    ),
});
