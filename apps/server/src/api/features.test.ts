import { tasks } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("features and sub-features", () => {
  const server = useTestServer();

  async function projectWorkspace() {
    const workspace = await server.workspace();
    const project = await workspace.client.projects.create.mutate({
      name: "Steward",
      mode: "genesis",
      rootPath: "/srv/steward",
    });
    return { ...workspace, project };
  }

  it("creates a feature of priority should in the backlog, updates and reads it", async () => {
    const { client, project } = await projectWorkspace();
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    expect(feature).toMatchObject({
      projectId: project.id,
      priority: "should",
      status: "backlog",
      estimatedTasks: 0,
      completedTasks: 0,
    });
    const updated = await client.features.update.mutate({
      id: feature.id,
      priority: "must",
      status: "in_progress",
      estimatedTasks: 4,
    });
    expect(updated).toMatchObject({ name: "Login", priority: "must", estimatedTasks: 4 });
    expect(await client.features.get.query({ id: feature.id })).toEqual(updated);
  });

  it("lists a project's features filtered by priority and status", async () => {
    const { client, project } = await projectWorkspace();
    const must = await client.features.create.mutate({
      projectId: project.id,
      name: "Login",
      priority: "must",
    });
    const wont = await client.features.create.mutate({
      projectId: project.id,
      name: "Themes",
      priority: "wont",
      status: "rejected",
    });
    const ids = async (filters: object) =>
      (await client.features.list.query({ projectId: project.id, ...filters })).items
        .map((f) => f.id)
        .sort();
    expect(await ids({})).toEqual([must.id, wont.id].sort());
    expect(await ids({ priority: "must" })).toEqual([must.id]);
    expect(await ids({ status: "rejected" })).toEqual([wont.id]);
    expect(await ids({ priority: "could" })).toEqual([]);
  });

  it("deletes a feature with its sub-features", async () => {
    const { client, project } = await projectWorkspace();
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    const form = await client.features.createSubFeature.mutate({
      featureId: feature.id,
      name: "Form",
    });
    await client.features.delete.mutate({ id: feature.id });
    await expectTRPCError(client.features.get.query({ id: feature.id }), "NOT_FOUND");
    await expectTRPCError(client.features.getSubFeature.query({ id: form.id }), "NOT_FOUND");
  });

  it("refuses to delete a feature or sub-feature that tasks still name", async () => {
    const { client, project, workspaceId } = await projectWorkspace();
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    const form = await client.features.createSubFeature.mutate({
      featureId: feature.id,
      name: "Form",
    });
    await server.db.insert(tasks).values({
      workspaceId,
      projectId: project.id,
      featureId: feature.id,
      subFeatureId: form.id,
      name: "Build the form",
    });
    await expectTRPCError(client.features.deleteSubFeature.mutate({ id: form.id }), "CONFLICT");
    await expectTRPCError(client.features.delete.mutate({ id: feature.id }), "CONFLICT");
  });

  it("creates, updates, lists and deletes sub-features of a feature", async () => {
    const { client, project } = await projectWorkspace();
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    const other = await client.features.create.mutate({ projectId: project.id, name: "Other" });
    const form = await client.features.createSubFeature.mutate({
      featureId: feature.id,
      name: "Form",
      description: "Email and password",
    });
    expect(form).toMatchObject({ featureId: feature.id, status: "backlog" });
    const reset = await client.features.createSubFeature.mutate({
      featureId: feature.id,
      name: "Reset",
    });
    await client.features.createSubFeature.mutate({ featureId: other.id, name: "Elsewhere" });

    const updated = await client.features.updateSubFeature.mutate({ id: form.id, status: "done" });
    expect(updated).toMatchObject({ name: "Form", status: "done" });
    expect(await client.features.getSubFeature.query({ id: form.id })).toEqual(updated);

    const listed = await client.features.subFeatures.query({ featureId: feature.id });
    expect(listed.items.map((s) => s.id).sort()).toEqual([form.id, reset.id].sort());

    await client.features.deleteSubFeature.mutate({ id: reset.id });
    const left = await client.features.subFeatures.query({ featureId: feature.id });
    expect(left.items.map((s) => s.id)).toEqual([form.id]);
  });

  it("answers NOT_FOUND naming the field for missing rows", async () => {
    const { client } = await server.workspace();
    const missing = crypto.randomUUID();
    const expectField = async (call: Promise<unknown>, field: string) =>
      expect((await expectTRPCError(call, "NOT_FOUND")).data.field).toBe(field);

    await expectField(
      client.features.create.mutate({ projectId: missing, name: "x" }),
      "projectId",
    );
    await expectField(client.features.list.query({ projectId: missing }), "projectId");
    await expectField(client.features.get.query({ id: missing }), "id");
    await expectField(client.features.update.mutate({ id: missing, name: "x" }), "id");
    await expectField(client.features.delete.mutate({ id: missing }), "id");
    await expectField(client.features.requirements.query({ featureId: missing }), "featureId");
    await expectField(
      client.features.createSubFeature.mutate({ featureId: missing, name: "x" }),
      "featureId",
    );
    await expectField(client.features.subFeatures.query({ featureId: missing }), "featureId");
    await expectField(client.features.getSubFeature.query({ id: missing }), "id");
    await expectField(client.features.updateSubFeature.mutate({ id: missing, name: "x" }), "id");
    await expectField(client.features.deleteSubFeature.mutate({ id: missing }), "id");
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client, project } = await projectWorkspace();
    await expectFieldErrors(
      // @ts-expect-error an unknown priority
      client.features.create.mutate({ projectId: project.id, name: "Login", priority: "high" }),
      ["priority"],
    );
    await expectFieldErrors(
      client.features.create.mutate({
        projectId: project.id,
        name: "x".repeat(201),
        estimatedTasks: -1,
      }),
      ["name", "estimatedTasks"],
    );
    await expectFieldErrors(
      // @ts-expect-error a missing name
      client.features.createSubFeature.mutate({ featureId: project.id }),
      ["name"],
    );
    await expectFieldErrors(
      // @ts-expect-error an unknown priority filter and a limit of the wrong type
      client.features.list.query({ projectId: project.id, priority: "urgent", limit: "10" }),
      ["priority", "limit"],
    );
  });
});
