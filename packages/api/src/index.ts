export { acceptEvents, type IngestResult } from "./accept-events";
export { type ChangeFeed, createChangeFeed } from "./change-feed";
export {
  createStewardClient,
  maxBatchSize,
  type StewardClient,
  type StewardClientOptions,
} from "./client";
export { type ApiContext, type ApiLogger, type CallerAuth, silentLogger } from "./context";
export type { LiveChange } from "./contracts/live";
export { modelPriceInput } from "./contracts/prices";
export { toAppError } from "./error-mapping";
export { AppError, type AppErrorCode } from "./errors";
export { createOpenApiDocument, declaredOutput, type OpenApiDocument } from "./openapi";
export { createRequestContext, type RequestContextDependencies } from "./request-context";
export { type AppRouter, appRouter } from "./root";
export { keyGrants } from "./scopes";
export { createCallerFactory } from "./trpc";
