import { z } from "zod";

/**
 * An amount of US dollars as an exact decimal string (`"0.0123"`): money is numeric in the
 * database and never passes through a float on its way to the caller.
 */
export const usd = z
  .string()
  .regex(/^-?[0-9]+(\.[0-9]+)?$/)
  .meta({ description: "US dollars, an exact decimal string", examples: ["0.012345"] });
