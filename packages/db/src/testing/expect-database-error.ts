import { expect } from "vitest";
import { readDatabaseError } from "../database-error";

/** Asserts the database refused the work with `code`, optionally naming `constraint`. */
export async function expectDatabaseError(
  work: Promise<unknown>,
  code: string,
  constraint?: string,
) {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected the database to refuse with ${code}`).toBeDefined();
  const info = readDatabaseError(error);
  expect(info?.code).toBe(code);
  if (constraint) expect(info?.constraint).toBe(constraint);
}
