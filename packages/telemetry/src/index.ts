export { toEventRows } from "./event-rows";
export {
  type BatchOptions,
  type BatchOutcome,
  defaultBatchOptions,
  processInboxBatch,
} from "./process-batch";
export {
  defaultIdlePollMs,
  defaultLingerMs,
  type RunWorkerOptions,
  runWorker,
  type WorkerLogger,
  type WorkerTotals,
} from "./run-worker";
