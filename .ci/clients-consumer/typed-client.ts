// A user's typed script outside the monorepo: only the packed @steward/client and its peers.
// `tsc --noEmit` (strict, library types checked) must pass, and it must run.
import { createStewardClient, type RouterInputs, type RouterOutputs } from "@steward/client";

// Set by .ci/clients-smoke to the Steward it started.
const { STEWARD_URL: url, STEWARD_KEY: apiKey } = process.env;
if (!url || !apiKey) throw new Error("set STEWARD_URL and STEWARD_KEY");
const steward = createStewardClient({ url, apiKey });

const filter: RouterInputs["runs"]["list"] = { status: "running", limit: 5 };
const running: RouterOutputs["runs"]["list"] = await steward.runs.list.query(filter);
const titles: string[] = running.items.map((run) => run.title);
console.log(
  `runs.list({ status: "running" }): ${running.items.length} run(s): ${titles.join(", ")}`,
);

// @ts-expect-error a status the API does not know is refused by the types
await steward.runs.list.query({ status: "sleeping" }).catch(() => undefined);
// @ts-expect-error the answer is typed too: a run's title is text
const _notANumber: number | undefined = running.items[0]?.title;

const run =
  running.items[0] ?? (await steward.runs.create.mutate({ title: "clients-smoke: typed" }));
const question = await steward.ctaEvents.request.mutate({
  kind: "approval",
  prompt: "Merge the change?",
  runId: run.id,
});
const answered = await steward.ctaEvents.answer.mutate({
  id: question.id,
  response: { approved: true, note: "Looks good" },
});
const status: "pending" | "answered" | "cancelled" | "expired" = answered.status;
if (status !== "answered") throw new Error(`the approval is ${status}`);
console.log(`ctaEvents.answer: approval ${answered.id} on run ${run.id} is ${status}`);
