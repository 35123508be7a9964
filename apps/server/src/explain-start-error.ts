import { DataFolderBusyError, DataFolderError, EnvError } from "@steward/db";

/**
 * The one line to print for a mistake the operator can fix (bad environment, a data folder
 * that is held, missing or unwritable), or undefined for a real fault that keeps its stack.
 */
export function explainStartError(error: unknown): string | undefined {
  if (error instanceof EnvError) return `bad environment: ${error.message}`;
  if (error instanceof DataFolderBusyError || error instanceof DataFolderError) {
    return error.message;
  }
  return undefined;
}
