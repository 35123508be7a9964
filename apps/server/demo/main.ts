// pnpm demo: a realistic feature run recorded through @steward/recorder, then read back. With
// STEWARD_URL and STEWARD_KEY it plays into that running Steward (its console shows the run);
// without them it boots a scratch Steward and removes it afterwards.
import { createStewardClient } from "@steward/client";
import { createRecorder } from "@steward/recorder";
import { bootSteward } from "./boot-steward";
import { playFeatureRun } from "./play-feature-run";
import { formatRunTree } from "./print-run-tree";

const log = (line: string) => console.log(`demo: ${line}`);
const running =
  process.env.STEWARD_URL && process.env.STEWARD_KEY
    ? {
        url: process.env.STEWARD_URL.replace(/\/$/, ""),
        apiKey: process.env.STEWARD_KEY,
        where: "the running Steward (STEWARD_URL)",
        stop: async () => {},
        leftBehind: "the run stays in that Steward: open its console to see it",
      }
    : undefined;
const steward = running ?? {
  ...(await bootSteward()),
  leftBehind: "stopped Steward and removed its demo data",
};
log(`Steward is up at ${steward.url} on ${steward.where}`);
try {
  const client = createStewardClient({ url: steward.url, apiKey: steward.apiKey });
  const recorder = createRecorder({
    url: steward.url,
    apiKey: steward.apiKey,
    onDrop: (events, reason) => log(`dropped ${events.length} events: ${reason}`),
    onRejected: (rejected) => log(`the server rejected ${rejected.length} events`),
  });
  const { runId, approvalId } = await playFeatureRun(client, recorder, log);
  await recorder.close();
  const stats = recorder.stats();
  log(
    `recorder: ${stats.recorded} events recorded, ${stats.sent} sent, ${stats.rejected} rejected, ${stats.dropped} dropped`,
  );

  // Everything accepted is applied by the worker shortly; wait until every step is there.
  let tree = await client.runs.tree.query({ runId });
  for (let tries = 0; tries < 100 && tree.run.currentPhase !== "completed"; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    tree = await client.runs.tree.query({ runId });
  }
  const memory = await client.memoryRecords.list.query({ runId });
  const approval = await client.ctaEvents.get.query({ id: approvalId });
  log("the run as GET /trpc/runs.tree returns it:\n");
  for (const line of formatRunTree(tree)) console.log(line);
  console.log("\n  memory:");
  for (const record of memory.items)
    console.log(`    ${record.phase} ${record.kind}: ${record.content}`);
  console.log(
    `\n  approval: "${approval.prompt}" → ${approval.status} ${JSON.stringify(approval.response)} at ${approval.answeredAt}`,
  );
} finally {
  await steward.stop();
  log(steward.leftBehind);
}
