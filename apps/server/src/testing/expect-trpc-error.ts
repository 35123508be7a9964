import { TRPCClientError } from "@trpc/client";
import { expect } from "vitest";

type ErrorData = {
  code?: string;
  httpStatus?: number;
  appCode?: string | null;
  field?: string | null;
  fieldErrors?: { path: string; message: string }[] | null;
};

/** Awaits a call that must fail with `code`, and answers the error's data for further checks. */
export async function expectTRPCError(call: Promise<unknown>, code: string) {
  const error = await call.then(
    (value) => ({ unexpectedValue: value }),
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCClientError);
  const clientError = error as TRPCClientError<never>;
  const data = (clientError.data ?? {}) as ErrorData;
  expect(data.code, clientError.message).toBe(code);
  return { message: clientError.message, data };
}

/** A BAD_REQUEST whose field errors name exactly these paths (in any order). */
export async function expectFieldErrors(call: Promise<unknown>, paths: string[]) {
  const { data, message } = await expectTRPCError(call, "BAD_REQUEST");
  expect(data.fieldErrors?.map((error) => error.path).sort(), message).toEqual([...paths].sort());
  return data;
}
