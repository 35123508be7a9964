import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("requirements", () => {
  const server = useTestServer();

  async function planWorkspace() {
    const workspace = await server.workspace();
    const { client } = workspace;
    const newProject = { mode: "genesis" as const, rootPath: "/srv/steward" };
    const project = await client.projects.create.mutate({ ...newProject, name: "Steward" });
    const otherProject = await client.projects.create.mutate({ ...newProject, name: "Other" });
    return { ...workspace, project, otherProject };
  }

  it("creates an unvalidated requirement of medium priority, updates and reads it", async () => {
    const { client, project } = await planWorkspace();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Users can log in",
      source: "interview",
    });
    expect(requirement).toMatchObject({
      projectId: project.id,
      priority: "medium",
      validated: false,
      source: "interview",
    });
    const updated = await client.requirements.update.mutate({
      id: requirement.id,
      priority: "high",
      source: null,
    });
    expect(updated).toMatchObject({ description: "Users can log in", priority: "high" });
    expect(updated.source).toBeNull();
    expect(await client.requirements.get.query({ id: requirement.id })).toEqual(updated);
  });

  it("validates a requirement, and validating again keeps it validated", async () => {
    const { client, project } = await planWorkspace();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "security",
      description: "Passwords are hashed",
    });
    expect((await client.requirements.validate.mutate({ id: requirement.id })).validated).toBe(
      true,
    );
    expect((await client.requirements.validate.mutate({ id: requirement.id })).validated).toBe(
      true,
    );
  });

  it("lists a project's requirements, filtered by validation, category and priority", async () => {
    const { client, project, otherProject } = await planWorkspace();
    const login = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Log in",
      priority: "high",
    });
    const audit = await client.requirements.create.mutate({
      projectId: project.id,
      category: "security",
      description: "Audit trail",
    });
    await client.requirements.create.mutate({
      projectId: otherProject.id,
      category: "functional",
      description: "Elsewhere",
    });
    await client.requirements.validate.mutate({ id: audit.id });

    const ids = async (filters: object) =>
      (await client.requirements.list.query({ projectId: project.id, ...filters })).items
        .map((r) => r.id)
        .sort();
    expect(await ids({})).toEqual([login.id, audit.id].sort());
    expect(await ids({ validated: true })).toEqual([audit.id]);
    expect(await ids({ validated: false })).toEqual([login.id]);
    expect(await ids({ category: "functional" })).toEqual([login.id]);
    expect(await ids({ priority: "high" })).toEqual([login.id]);
  });

  it("deletes a requirement and its feature links, but not the features", async () => {
    const { client, project } = await planWorkspace();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Log in",
    });
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    await client.requirements.linkFeature.mutate({
      requirementId: requirement.id,
      featureId: feature.id,
    });
    await client.requirements.delete.mutate({ id: requirement.id });
    await expectTRPCError(client.requirements.get.query({ id: requirement.id }), "NOT_FOUND");
    expect(await client.features.requirements.query({ featureId: feature.id })).toEqual([]);
    await expect(client.features.get.query({ id: feature.id })).resolves.toMatchObject({
      name: "Login",
    });
  });

  it("links features of its own project, idempotently, and lists them both ways", async () => {
    const { client, project } = await planWorkspace();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Log in",
    });
    const form = await client.features.create.mutate({ projectId: project.id, name: "Form" });
    const sso = await client.features.create.mutate({ projectId: project.id, name: "SSO" });
    const ref = { requirementId: requirement.id };

    const link = await client.requirements.linkFeature.mutate({ ...ref, featureId: form.id });
    expect(link).toMatchObject({ requirementId: requirement.id, featureId: form.id });
    const again = await client.requirements.linkFeature.mutate({ ...ref, featureId: form.id });
    expect(again.linkedAt).toEqual(link.linkedAt);
    await client.requirements.linkFeature.mutate({ ...ref, featureId: sso.id });

    const linked = await client.requirements.features.query(ref);
    expect(linked.map((row) => row.feature.name).sort()).toEqual(["Form", "SSO"]);
    const requirements = await client.features.requirements.query({ featureId: form.id });
    expect(requirements.map((row) => row.requirement.id)).toEqual([requirement.id]);

    expect(await client.requirements.unlinkFeature.mutate({ ...ref, featureId: sso.id })).toEqual({
      removed: true,
    });
    const left = await client.requirements.features.query(ref);
    expect(left.map((row) => row.feature.id)).toEqual([form.id]);
    const { data } = await expectTRPCError(
      client.requirements.unlinkFeature.mutate({ ...ref, featureId: sso.id }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("featureId");
  });

  it("refuses to link a feature of another project, naming featureId", async () => {
    const { client, project, otherProject } = await planWorkspace();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Log in",
    });
    const foreign = await client.features.create.mutate({
      projectId: otherProject.id,
      name: "Elsewhere",
    });
    const { data } = await expectTRPCError(
      client.requirements.linkFeature.mutate({
        requirementId: requirement.id,
        featureId: foreign.id,
      }),
      "BAD_REQUEST",
    );
    expect(data.field).toBe("featureId");
    expect(await client.requirements.features.query({ requirementId: requirement.id })).toEqual([]);
  });

  it("answers NOT_FOUND naming the field for missing rows", async () => {
    const { client, project } = await planWorkspace();
    const missing = crypto.randomUUID();
    const requirement = await client.requirements.create.mutate({
      projectId: project.id,
      category: "functional",
      description: "Log in",
    });
    const expectField = async (call: Promise<unknown>, field: string) =>
      expect((await expectTRPCError(call, "NOT_FOUND")).data.field).toBe(field);

    await expectField(
      client.requirements.create.mutate({ projectId: missing, category: "x", description: "y" }),
      "projectId",
    );
    await expectField(client.requirements.list.query({ projectId: missing }), "projectId");
    await expectField(client.requirements.get.query({ id: missing }), "id");
    await expectField(client.requirements.update.mutate({ id: missing, category: "x" }), "id");
    await expectField(client.requirements.validate.mutate({ id: missing }), "id");
    await expectField(client.requirements.delete.mutate({ id: missing }), "id");
    await expectField(
      client.requirements.linkFeature.mutate({ requirementId: missing, featureId: missing }),
      "requirementId",
    );
    await expectField(
      client.requirements.linkFeature.mutate({ requirementId: requirement.id, featureId: missing }),
      "featureId",
    );
    await expectField(
      client.requirements.features.query({ requirementId: missing }),
      "requirementId",
    );
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client, project } = await planWorkspace();
    await expectFieldErrors(
      // @ts-expect-error a missing description and a category of the wrong type
      client.requirements.create.mutate({ projectId: project.id, category: 3 }),
      ["category", "description"],
    );
    await expectFieldErrors(
      client.requirements.create.mutate({
        projectId: project.id,
        category: "x".repeat(101),
        description: "   ",
      }),
      ["category", "description"],
    );
    await expectFieldErrors(
      // @ts-expect-error validated is a boolean
      client.requirements.list.query({ projectId: project.id, validated: "yes" }),
      ["validated"],
    );
    await expectFieldErrors(
      client.requirements.linkFeature.mutate({ requirementId: "r", featureId: "f" }),
      ["requirementId", "featureId"],
    );
  });
});
