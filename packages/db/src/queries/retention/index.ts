export { parseRetentionEnv } from "./retention-env";
export {
  applyRetention,
  defaultRetentionOptions,
  logRetention,
  type RetentionOptions,
  type RetentionReport,
  runRetention,
} from "./run-retention";
export { readTelemetryRetention, setTelemetryRetention } from "./workspace-retention";
