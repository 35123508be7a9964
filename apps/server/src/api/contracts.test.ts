import { randomUUID } from "node:crypto";
import { appRouter, declaredOutput } from "@steward/api";
import { agentInvocations, type Database, grantPriceEditing, setModelPrice } from "@steward/db";
import { type FixtureIds, insertOneRowInEveryTable } from "@steward/db/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../testing";
import { crossWorkspaceCases } from "./cross-workspace";

type Caller = {
  client: Awaited<ReturnType<ReturnType<typeof useTestServer>["workspace"]>>["client"];
  db: Database;
  workspaceId: string;
};

/**
 * Where a cross-workspace case's input, given the caller's own ids, would be refused by a rule
 * rather than answered: what to do first, or what to send instead.
 */
const ownInputs: Record<string, (ids: FixtureIds, caller: Caller) => Promise<unknown>> = {
  // The fixture's user already has the email the case sends.
  "users.create": async () => ({ email: `${randomUUID()}@example.com` }),
  // An agent instance points at the fixture's tasks, so neither they nor their project go.
  "projects.delete": async (_, { client }) => ({
    id: (await client.projects.create.mutate({ name: "Gone", mode: "genesis", rootPath: "/srv" }))
      .id,
  }),
  "tasks.delete": async (ids, { client }) => ({
    id: (await client.tasks.create.mutate({ projectId: ids.project, name: "Gone" })).id,
  }),
  // The fixture's task names its feature and sub-feature, which keeps them.
  "features.delete": async (ids, { client }) => ({
    id: (await client.features.create.mutate({ projectId: ids.project, name: "Gone" })).id,
  }),
  "features.deleteSubFeature": async (ids, { client }) => ({
    id: (await client.features.createSubFeature.mutate({ featureId: ids.feature, name: "Gone" }))
      .id,
  }),
  // The fixture's task already waits on the other one; the reverse would close a cycle.
  "tasks.addDependency": async (ids, { client }) => ({
    taskId: (await client.tasks.create.mutate({ projectId: ids.project, name: "Later" })).id,
    dependsOnTaskId: ids.task,
  }),
  "sprints.complete": async (ids, { client }) => {
    await client.sprints.start.mutate({ id: ids.sprint });
    return { id: ids.sprint };
  },
  "tasks.pause": async (ids, { client }) => {
    await client.tasks.start.mutate({ taskId: ids.task });
    return { taskId: ids.task };
  },
  "tasks.complete": async (ids, { client }) => {
    await client.tasks.start.mutate({ taskId: ids.task });
    return { taskId: ids.task };
  },
  "tasks.unblock": async (ids, { client }) => {
    await client.tasks.block.mutate({ taskId: ids.task, reason: "waiting" });
    return { taskId: ids.task };
  },
  "sandboxes.createSnapshot": async (ids, { client }) => {
    await client.sandboxes.transition.mutate({ id: ids.sandbox, to: "running" });
    return { sandboxId: ids.sandbox };
  },
  // Prices are global: the operator grants the caller's workspace the right to change them.
  "prices.set": async (_, { db, workspaceId }) => {
    await grantPriceEditing(db, { workspaceId, granted: true });
    return { model: "gpt-5", effectiveFrom: "2030-01-01", inputPrice: "1.25", outputPrice: "10" };
  },
  "prices.remove": async (_, { db, workspaceId }) => {
    await grantPriceEditing(db, { workspaceId, granted: true });
    const price = {
      model: "gpt-5",
      effectiveFrom: "2030-02-01",
      inputPrice: "1",
      outputPrice: "2",
    };
    await setModelPrice(db, { by: "operator", price });
    return { model: "gpt-5", effectiveFrom: "2030-02-01" };
  },
  // A trace is rooted at an invocation of no run; the fixture's invocation belongs to one.
  "runView.trace": async (_, { db, workspaceId }) => {
    const id = randomUUID();
    await db.insert(agentInvocations).values({ workspaceId, id, agentType: "explorer" });
    return { invocationId: id };
  },
};

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  Parameters<typeof declaredOutput>[0]
>;

/** A JSON pointer segment: `/` and `~` escaped. */
const pointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

describe("every procedure answers what it declares", () => {
  const server = useTestServer();

  /** Validates wire JSON against the served document's schemas, strictly (no extra keys). */
  async function loadValidators() {
    const document = (await (await server.app.request("/openapi.json")).json()) as object;
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(document, "openapi");
    return (ref: string) => ajv.compile({ $ref: `openapi#${ref}` });
  }

  it("answers every procedure with JSON its OpenAPI schema accepts, and no key beyond it", async () => {
    const validatorOf = await loadValidators();
    const own = await server.workspace();
    const headers = { authorization: `Bearer ${own.plainKey}`, "content-type": "application/json" };
    const failures: string[] = [];
    // Queries share one set of rows; each mutation gets its own, so a delete or a state change
    // cannot starve the procedures after it.
    const shared = await insertOneRowInEveryTable(server.db, own.workspaceId);
    for (const [path, probe] of Object.entries(crossWorkspaceCases)) {
      const procedure = procedures[path];
      if (!procedure || !declaredOutput(procedure)) {
        failures.push(`${path} declares no answer to check`);
        continue;
      }
      // A subscription answers a stream of events, not one document: live.test.ts checks them.
      if (procedure._def.type === "subscription") continue;
      const isQuery = procedure._def.type === "query";
      const ids = isQuery ? shared : await insertOneRowInEveryTable(server.db, own.workspaceId);
      const prepare = ownInputs[path];
      const input = prepare
        ? await prepare(ids, { client: own.client, db: server.db, workspaceId: own.workspaceId })
        : "notFound" in probe
          ? probe.notFound(ids)
          : "ownRowsOnly" in probe
            ? probe.ownRowsOnly(ids)
            : probe.input(ids);
      const body = input === undefined ? undefined : JSON.stringify(input);
      const response = isQuery
        ? await server.app.request(
            `/trpc/${path}${body === undefined ? "" : `?input=${encodeURIComponent(body)}`}`,
            { headers },
          )
        : await server.app.request(`/trpc/${path}`, {
            method: "POST",
            headers,
            ...(body === undefined ? {} : { body }),
          });
      const text = await response.text();
      if (response.status !== 200) {
        failures.push(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
        continue;
      }
      const method = isQuery ? "get" : "post";
      const validate = validatorOf(
        `/paths/${pointer(`/trpc/${path}`)}/${method}/responses/200/content/${pointer("application/json")}/schema`,
      );
      if (!validate(JSON.parse(text))) {
        failures.push(`${path}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
    }
    expect(failures, "procedures whose answer breaks their declared contract").toEqual([]);
  }, 120_000);

  it("answers a refusal in the declared error shape", async () => {
    const validatorOf = await loadValidators();
    const own = await server.workspace();
    const response = await server.app.request(
      `/trpc/agents.get?input=${encodeURIComponent(JSON.stringify({ id: randomUUID() }))}`,
      { headers: { authorization: `Bearer ${own.plainKey}` } },
    );
    expect(response.status).toBe(404);
    const validate = validatorOf("/components/schemas/Error");
    expect(validate(await response.json()), JSON.stringify(validate.errors)).toBe(true);
  });
});
