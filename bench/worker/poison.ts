// bench/worker: how the worker copes with what it cannot apply, on Postgres, in one run.
// (1) Stall: one workspace's backlog of large events must not hold up another's event, nor
// blow up the worker's memory. (2) Poison rate: draining with one event in 500 that the
// database refuses must cost little more than a clean drain. Prints its figures; asserts
// nothing. Each scenario runs the real worker process against a scratch database it drops.
import postgres from "postgres";
import { runDrain } from "./poison-rate";
import { largeInputs, runStallScenario } from "./stall";

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const scenarioCount = Number(process.env.BENCH_SCENARIOS ?? 185); // 54 events each: ~10,000
const log = (line: string) => console.log(`bench/worker: ${line}`);

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
try {
  log(`on ${new URL(adminUrl).host}; worker = apps/worker/src/main.ts in a child process`);

  for (const [shape, input] of Object.entries(largeInputs)) {
    log(`stall scenario, ${shape} inputs …`);
    const stall = await runStallScenario(admin, adminUrl, input);
    const dead = stall.aDeadLetters.reduce((n, row) => n + row.n, 0);
    const reasons = stall.aDeadLetters.map((row) => `${row.n} × "${row.reason}"`).join("; ");
    console.log(
      [
        "",
        `stall (${shape} inputs): workspace A queued ${stall.largeEvents} tool calls of up to ${stall.largestEventBytes} bytes (${stall.queuedMegabytes.toFixed(1)} MB), then workspace B one small event; one worker starts`,
        `  B applied        ${stall.bAfterReadySeconds.toFixed(2)} s after the worker was ready (${stall.bAfterSpawnSeconds.toFixed(2)} s after its process started)   target ≤ 5 s`,
        `  A's events       ${stall.aApplied} applied, ${dead} dead-lettered${reasons ? ` (${reasons})` : ""}; all settled ${stall.aSettledSeconds.toFixed(2)} s after the worker was ready`,
        `  worker peak RSS  ${stall.peakRssMb.toFixed(0)} MB (VmHWM of the worker process)   target < 300 MB`,
        "",
      ].join("\n"),
    );
  }

  log("clean drain …");
  const clean = await runDrain(admin, adminUrl, { scenarioCount });
  log("poisoned drain …");
  const poisoned = await runDrain(admin, adminUrl, { scenarioCount, poisonEvery: 500 });
  console.log(
    [
      "",
      `poison rate: ${clean.events} valid events (${scenarioCount} runs: invocations, steps, tool calls, ends, records), one worker, batches of 500`,
      `  clean drain: ${clean.seconds.toFixed(2)} s   (${clean.applied} applied, ${clean.deadLettered} dead-lettered, worker peak ${clean.peakRssMb.toFixed(0)} MB)`,
      `  poisoned drain (1/500): ${poisoned.seconds.toFixed(2)} s   (${poisoned.applied} of ${poisoned.validEvents} valid applied; ${poisoned.poisonDeadLettered} of ${poisoned.poisonEvents} poison events dead-lettered with the database's reason, ${poisoned.deadLettered} dead letters in all; worker peak ${poisoned.peakRssMb.toFixed(0)} MB)`,
      `  ratio: ${(poisoned.seconds / clean.seconds).toFixed(2)}   target ≤ 2.0`,
    ].join("\n"),
  );
} finally {
  await admin.end();
}
