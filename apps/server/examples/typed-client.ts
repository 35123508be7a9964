// The README's typed-client example: run with
//   STEWARD_KEY=stw_… pnpm --filter @steward/server example
import { createStewardClient } from "@steward/client";

const steward = createStewardClient({
  url: process.env.STEWARD_URL ?? "http://127.0.0.1:3000",
  apiKey: process.env.STEWARD_KEY ?? "",
});

const slug = `reviewer-${Date.now()}`;
const agent = await steward.agents.create.mutate({
  name: "Reviewer",
  slug,
  type: "reviewer",
  mode: "review",
});
const { items } = await steward.agents.list.query({ status: "active", limit: 10 });
console.log(
  `created ${agent.slug} (${agent.id}) at ${agent.createdAt}; ${items.length} active agent(s)`,
);
