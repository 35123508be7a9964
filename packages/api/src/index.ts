export { acceptEvents, type IngestResult } from "./accept-events";
export {
  createStewardClient,
  maxBatchSize,
  type StewardClient,
  type StewardClientOptions,
} from "./client";
export { type ApiContext, type ApiLogger, type CallerAuth, silentLogger } from "./context";
export { toAppError } from "./error-mapping";
export { AppError, type AppErrorCode } from "./errors";
export { createOpenApiDocument, declaredOutput, type OpenApiDocument } from "./openapi";
export { createRequestContext, type RequestContextDependencies } from "./request-context";
export { type AppRouter, appRouter } from "./root";
export { keyGrants } from "./scopes";
export { createCallerFactory } from "./trpc";
