// A process that records one event and then ends the way `argv[2]` says; it prints what the
// stand-in server received, so a test can tell whether the exit flush ran.
import { createRecorder, newId, registerExitFlush } from "../index";

const ending = process.argv[2];
const recorder = createRecorder({
  url: "http://steward.test",
  apiKey: "stw_test",
  flushIntervalMs: 60_000,
  logger: { warn() {}, error() {} },
  fetch: async (_url, init) => {
    const { events } = JSON.parse(String(init?.body)) as { events: { eventId: string }[] };
    // Real asynchronous work at exit: only a kept-alive loop gets past it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.stdout.write(`sent ${events.length}\n`);
    return Response.json({ accepted: events.map((event) => event.eventId), rejected: [] });
  },
});
registerExitFlush(recorder, { timeoutMs: 5000 });
recorder.record({
  type: "metric.recorded",
  eventId: newId(),
  id: newId(),
  metricType: "t",
  value: 1,
});

if (ending === "signal") {
  setInterval(() => {}, 1000);
  process.stdout.write("ready\n");
}
if (ending === "exit") process.exit(0);
