export { expectFieldErrors, expectTRPCError } from "./expect-trpc-error";
export { isoTimestamp } from "./iso-timestamp";
export { allScopes, useTestServer } from "./test-server";
