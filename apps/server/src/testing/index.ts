export { expectFieldErrors, expectTRPCError } from "./expect-trpc-error";
export { isoTimestamp } from "./iso-timestamp";
export { queueEventsDirectly } from "./queue-events";
export { allScopes, useTestServer } from "./test-server";
