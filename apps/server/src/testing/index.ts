export { expectFieldErrors, expectTRPCError } from "./expect-trpc-error";
export { allScopes, useTestServer } from "./test-server";
