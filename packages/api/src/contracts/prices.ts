import { modelPrices, usdPerMillionPattern } from "@steward/db";
import { z } from "zod";
import { name, shortText } from "../inputs";
import { publicRow, timestamps } from "./public-row";

/** US dollars per million tokens, as typed and as answered: an exact decimal string. */
const pricePerMillion = z
  .string()
  .regex(usdPerMillionPattern, 'a decimal number of dollars, e.g. "1.25", at most 6 decimals')
  .meta({ description: "US dollars per million tokens, an exact decimal string" });

/** A UTC day, `YYYY-MM-DD`, that exists in the calendar (leap years included). */
export const utcDay = z.iso.date().meta({ description: "A UTC day, YYYY-MM-DD" });

export const modelPriceRow = publicRow(modelPrices, {
  id: true,
  model: true,
  provider: true,
  effectiveFrom: utcDay,
  inputPrice: pricePerMillion,
  outputPrice: pricePerMillion,
  cacheReadPrice: pricePerMillion,
  cacheWritePrice: pricePerMillion,
  reasoningPrice: pricePerMillion,
  source: true,
  ...timestamps,
}).meta({ id: "ModelPrice" });

/**
 * A model's price from a day on, as `prices.set` and `pnpm steward prices set` take it. A kind
 * left out costs what its parent kind costs: cache reads and writes cost input, reasoning costs
 * output.
 */
export const modelPriceInput = z.object({
  /** The name prices are kept under (see `prices.match`): `gpt-5`, `claude-sonnet-4-5`. */
  model: name,
  provider: name.nullish(),
  effectiveFrom: utcDay,
  inputPrice: pricePerMillion,
  outputPrice: pricePerMillion,
  cacheReadPrice: pricePerMillion.nullish(),
  cacheWritePrice: pricePerMillion.nullish(),
  reasoningPrice: pricePerMillion.nullish(),
  /** Where the price was read: a pricing page's address, or a note. */
  source: shortText.nullish(),
});

export const priceMatch = z
  .object({
    key: z.string(),
    undatedKey: z.string(),
    price: modelPriceRow.nullable(),
  })
  .meta({ id: "ModelPriceMatch" });
