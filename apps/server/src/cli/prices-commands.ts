import { parseArgs } from "node:util";
import { modelPriceInput } from "@steward/api";
import {
  type DatabaseClient,
  findModelPrice,
  findWorkspace,
  grantPriceEditing,
  listModelPrices,
  type ModelPrice,
  removeModelPrice,
  setModelPrice,
} from "@steward/db";
import type { z } from "zod";
import { CliUsageError } from "./cli-errors";

export const pricesUsage = `  prices list [<model>]                        the model price table (USD per million tokens), or
                                               the rows a model name matches
  prices match <model> [--on <YYYY-MM-DD>]     how a step's model name is priced on a day
  prices set <model> --from <YYYY-MM-DD> --input <usd> --output <usd> [--cache-read <usd>]
             [--cache-write <usd>] [--reasoning <usd>] [--provider <name>] [--source <url>]
                                               set a model's price from a day on
  prices remove <model> --from <YYYY-MM-DD>    remove a model's price of that day
  prices grant|revoke --workspace <id|slug>    let (or stop) a workspace's admin keys change
                                               prices through the API`;

type Print = (line: string) => void;

/**
 * `pnpm steward prices …`: the operator's hold on the global price table. Applied steps keep
 * their cost; a change prices the steps applied after it.
 */
export async function runPricesCommand(
  args: string[],
  { database, where, print }: { database: DatabaseClient; where: string; print: Print },
) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: "string" },
      on: { type: "string" },
      input: { type: "string" },
      output: { type: "string" },
      "cache-read": { type: "string" },
      "cache-write": { type: "string" },
      reasoning: { type: "string" },
      provider: { type: "string" },
      source: { type: "string" },
      workspace: { type: "string" },
    },
  });
  const [verb, model, ...extra] = positionals;
  if (extra.length > 0) throw new CliUsageError(`Unexpected "${extra.join(" ")}"`);
  const db = database.db;
  const needModel = () => {
    if (!model) throw new CliUsageError(`prices ${verb} needs the model name`);
    return model;
  };

  switch (verb) {
    case "list": {
      const rows = await listModelPrices(db, { model });
      print(`${rows.length} price(s) in ${where}, USD per million tokens:`);
      for (const row of rows) print(`  ${describePrice(row)}`);
      return;
    }
    case "match": {
      const day = checked(modelPriceInput.shape.effectiveFrom, values.on ?? today(), "--on");
      const { key, undatedKey, price } = await findModelPrice(db, { model: needModel(), day });
      const looked = key === undatedKey ? `"${key}"` : `"${key}", then "${undatedKey}"`;
      print(
        price
          ? `${model} on ${day}: looked up ${looked}; priced by ${describePrice(price)}`
          : `${model} on ${day}: looked up ${looked}; no price, so its steps' cost is unknown`,
      );
      return;
    }
    case "set": {
      const price = checked(
        modelPriceInput,
        {
          model: needModel(),
          effectiveFrom: values.from,
          inputPrice: values.input,
          outputPrice: values.output,
          cacheReadPrice: values["cache-read"],
          cacheWritePrice: values["cache-write"],
          reasoningPrice: values.reasoning,
          provider: values.provider,
          source: values.source,
        },
        "",
      );
      const outcome = await setModelPrice(db, { by: "operator", price });
      if (outcome.outcome === "notAKey") {
        throw new CliUsageError(
          `Prices are kept under the name a model reduces to: set "${outcome.key}" instead of "${model}"`,
        );
      }
      if (outcome.outcome !== "done") throw new Error(`prices set: ${outcome.outcome}`);
      print(`Set ${describePrice(outcome.price)} in ${where}.`);
      print("Steps applied from now on read it; steps already applied keep their cost.");
      return;
    }
    case "remove": {
      const effectiveFrom = checked(modelPriceInput.shape.effectiveFrom, values.from, "--from");
      const outcome = await removeModelPrice(db, {
        by: "operator",
        model: needModel(),
        effectiveFrom,
      });
      if (outcome.outcome === "missing") {
        throw new CliUsageError(`No price of ${model} takes effect on ${effectiveFrom}`);
      }
      if (outcome.outcome !== "done") throw new Error(`prices remove: ${outcome.outcome}`);
      print(`Removed ${describePrice(outcome.price)} from ${where}.`);
      return;
    }
    case "grant":
    case "revoke": {
      if (model) throw new CliUsageError(`prices ${verb} takes --workspace, not a model`);
      if (!values.workspace) throw new CliUsageError("--workspace <id|slug> is required");
      const workspace = await findWorkspace(db, values.workspace);
      if (!workspace) throw new CliUsageError(`No workspace "${values.workspace}" in ${where}`);
      const granted = verb === "grant";
      await grantPriceEditing(db, { workspaceId: workspace.id, granted });
      print(
        granted
          ? `Admin keys of workspace ${workspace.slug} may now change the model prices every workspace reads.`
          : `Admin keys of workspace ${workspace.slug} may no longer change the model prices.`,
      );
      return;
    }
    default:
      throw new CliUsageError(
        verb
          ? `Unknown command "prices ${verb}"`
          : "prices needs list, match, set, remove, grant or revoke",
      );
  }
}

/** The input checked by the API's own schema, so the CLI and `prices.set` refuse alike. */
function checked<Schema extends z.ZodType>(schema: Schema, input: unknown, option: string) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<Schema>;
  const problems = parsed.error.issues.map((issue) => {
    const field = option || flagOf(String(issue.path[0] ?? ""));
    return `${field}: ${issue.message}`;
  });
  throw new CliUsageError(problems.join("; "));
}

const flags: Record<string, string> = {
  model: "<model>",
  effectiveFrom: "--from",
  inputPrice: "--input",
  outputPrice: "--output",
  cacheReadPrice: "--cache-read",
  cacheWritePrice: "--cache-write",
  reasoningPrice: "--reasoning",
  provider: "--provider",
  source: "--source",
};
const flagOf = (field: string) => flags[field] ?? field;

const shown = (price: string | null) => price ?? "-";

function describePrice(row: ModelPrice) {
  return [
    row.model,
    `from ${row.effectiveFrom}`,
    `input ${row.inputPrice}`,
    `output ${row.outputPrice}`,
    `cache read ${shown(row.cacheReadPrice)}`,
    `cache write ${shown(row.cacheWritePrice)}`,
    `reasoning ${shown(row.reasoningPrice)}`,
    row.provider ?? "-",
    row.source ?? "",
  ]
    .join("\t")
    .trimEnd();
}

const today = () => new Date().toISOString().slice(0, 10);
