import { z } from "zod";
import { parseEnv } from "../../env-error";
import { defaultRetentionOptions, type RetentionOptions } from "./run-retention";

const day = 24 * 60 * 60 * 1000;
const days = (defaultMs: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(defaultMs / day);

const retentionEnvSchema = z.object({
  /** Minutes between two retention passes; 0 turns retention off in this process. */
  STEWARD_RETENTION_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(defaultRetentionOptions.intervalMs / 60_000),
  /** The deduplication window: an event id resent within it is recognised. */
  STEWARD_LEDGER_WINDOW_DAYS: days(defaultRetentionOptions.ledgerWindowMs),
  STEWARD_DEAD_LETTER_DAYS: days(defaultRetentionOptions.deadLetterMaxAgeMs),
  STEWARD_ANSWERED_APPROVAL_DAYS: days(defaultRetentionOptions.answeredApprovalMaxAgeMs),
  STEWARD_RETENTION_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(defaultRetentionOptions.batchSize),
});

/**
 * The retention settings of a process that runs the worker; `undefined` when turned off.
 * Throws EnvError naming each bad variable.
 */
export function parseRetentionEnv(
  env: Record<string, string | undefined>,
): RetentionOptions | undefined {
  const parsed = parseEnv(retentionEnvSchema, env);
  if (parsed.STEWARD_RETENTION_INTERVAL_MINUTES === 0) return undefined;
  return {
    ...defaultRetentionOptions,
    intervalMs: parsed.STEWARD_RETENTION_INTERVAL_MINUTES * 60_000,
    ledgerWindowMs: parsed.STEWARD_LEDGER_WINDOW_DAYS * day,
    deadLetterMaxAgeMs: parsed.STEWARD_DEAD_LETTER_DAYS * day,
    answeredApprovalMaxAgeMs: parsed.STEWARD_ANSWERED_APPROVAL_DAYS * day,
    batchSize: parsed.STEWARD_RETENTION_BATCH_SIZE,
  };
}
