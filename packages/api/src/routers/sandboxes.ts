import {
  createSandbox,
  createSnapshot,
  type Database,
  getSandbox,
  getSnapshot,
  listSandboxes,
  listSnapshots,
  type SnapshotStatus,
  sandboxSourceType,
  sandboxStatus,
  sandboxTransitions,
  snapshotStatus,
  snapshotTransitions,
  transitionSandbox,
  transitionSnapshot,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { sandboxRow, snapshotRow } from "../contracts/sandboxes";
import { found, invalidState } from "../errors";
import { id, jsonObject, longText, shortText, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const status = z.enum(sandboxStatus.enumValues);
const reference = shortText.trim().min(1);
const errorText = longText.trim().min(1);

const sandboxInput = z
  .object({
    sourceType: z.enum(sandboxSourceType.enumValues),
    /** A git URL and ref, a tarball URL, or the id of the snapshot to restore. */
    sourceRef: reference.optional(),
    provider: text().trim().min(1).max(100).optional(),
    metadata: jsonObject.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.sourceType === "empty" && input.sourceRef !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceRef"],
        message: "an empty sandbox has no source",
      });
    }
    if (input.sourceType !== "empty" && input.sourceRef === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceRef"],
        message: `required for ${input.sourceType}`,
      });
    }
    if (
      input.sourceType === "snapshot" &&
      input.sourceRef !== undefined &&
      !id.safeParse(input.sourceRef).success
    ) {
      ctx.addIssue({ code: "custom", path: ["sourceRef"], message: "a snapshot id (UUID)" });
    }
  });

export const sandboxesRouter = router({
  create: writeProcedure
    .output(sandboxRow)
    .input(sandboxInput)
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      if (input.sourceType === "snapshot" && input.sourceRef) {
        const snapshot = found(
          await getSnapshot(ctx.db, { ...scope, id: input.sourceRef }),
          "Snapshot",
          "sourceRef",
        );
        if (snapshot.status !== "created") {
          throw invalidState(
            `The snapshot moved from created to ${snapshot.status}: it cannot be restored`,
            "sourceRef",
          );
        }
      }
      return found(await createSandbox(ctx.db, { ...scope, ...input }), "Sandbox");
    }),

  get: readProcedure
    .output(sandboxRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getSandbox(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Sandbox",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(sandboxRow))
    .input(z.object({ status: status.optional(), ...pageInput }))
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) =>
      toPage(
        await listSandboxes(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),

  /** Moves a sandbox along its lifecycle (see `sandboxTransitions`); `error` says why it failed. */
  transition: writeProcedure
    .output(sandboxRow)
    .input(
      z
        .object({ id, to: status, error: errorText.optional() })
        .refine((input) => input.error === undefined || ["failed", "aborted"].includes(input.to), {
          path: ["error"],
          message: "only a failed or aborted sandbox takes an error",
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.id };
      const sandbox = found(await getSandbox(ctx.db, ref), "Sandbox", "id");
      assertSandboxMove(sandbox.status, input.to);
      const moved = await transitionSandbox(ctx.db, { ...ref, ...input, from: sandbox.status });
      if (moved) return moved;
      const now = found(await getSandbox(ctx.db, ref), "Sandbox", "id");
      throw invalidState(
        `The sandbox moved from ${sandbox.status} to ${now.status} meanwhile: it cannot move from ${sandbox.status} to ${input.to}`,
      );
    }),

  createSnapshot: writeProcedure
    .output(snapshotRow)
    .input(
      z.object({
        sandboxId: id,
        storageRef: reference.optional(),
        sizeBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { sandbox, snapshot } = await createSnapshot(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      const { status: from } = found(sandbox, "Sandbox", "sandboxId");
      if (snapshot) return snapshot;
      throw invalidState(
        `The sandbox is ${from}: a snapshot is taken only while it is running or snapshotting`,
      );
    }),

  deleteSnapshot: writeProcedure
    .output(snapshotRow)
    .input(z.object({ snapshotId: id }))
    .mutation(({ ctx, input }) => moveSnapshot(ctx, { id: input.snapshotId, to: "deleted" })),

  markSnapshotFailed: writeProcedure
    .output(snapshotRow)
    .input(z.object({ snapshotId: id, error: errorText }))
    .mutation(({ ctx, input }) =>
      moveSnapshot(ctx, { id: input.snapshotId, to: "failed", error: input.error }),
    ),

  listSnapshots: readProcedure
    .output(pageOf(snapshotRow))
    .input(
      z.object({
        sandboxId: id,
        status: z.enum(snapshotStatus.enumValues).optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getSandbox(ctx.db, { ...scope, id: filters.sandboxId }), "Sandbox", "sandboxId");
      return toPage(
        await listSnapshots(ctx.db, { ...scope, ...filters, page: { limit, after: cursor } }),
        limit,
      );
    }),
});

function assertSandboxMove(from: keyof typeof sandboxTransitions, to: string) {
  const allowed = sandboxTransitions[from];
  if (!allowed.includes(to as never)) {
    throw invalidState(
      allowed.length === 0
        ? `A sandbox cannot go from ${from} to ${to}: ${from} is final`
        : `A sandbox cannot go from ${from} to ${to}: from ${from} it can go to ${allowed.join(", ")}`,
    );
  }
}

async function moveSnapshot(
  ctx: { db: Database; workspaceId: string },
  input: { id: string; to: SnapshotStatus; error?: string },
) {
  const ref = { workspaceId: ctx.workspaceId, id: input.id };
  const snapshot = found(await getSnapshot(ctx.db, ref), "Snapshot", "snapshotId");
  const allowed = snapshotTransitions[snapshot.status];
  const refusal = `A snapshot cannot go from ${snapshot.status} to ${input.to}`;
  if (!allowed.includes(input.to)) {
    throw invalidState(`${refusal}: ${snapshot.status} is final`);
  }
  const moved = await transitionSnapshot(ctx.db, { ...ref, ...input, from: snapshot.status });
  if (moved) return moved;
  throw invalidState(`${refusal}: it changed meanwhile`);
}
