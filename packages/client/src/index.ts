export {
  createStewardClient,
  maxBatchSize,
  type StewardClient,
  type StewardClientOptions,
} from "./create-steward-client";
export type { AppRouter, RouterInputs, RouterOutputs } from "./router-types";
