import type { AppRouter } from "@steward/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type { AppRouter };

/** Every procedure's input, e.g. `RouterInputs["runs"]["list"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Every procedure's answer, e.g. `RouterOutputs["runs"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
