import {
  advanceRunPhase,
  createRun,
  type FeaturePhase,
  failRunPhase,
  featurePhase,
  finalRunPhases,
  findPlanningParents,
  getPhaseResult,
  getRun,
  getRunTree,
  getSandbox,
  listPhaseResults,
  listRuns,
  nextRunPhase,
  type RunTree,
  recordPhaseOutput,
  runStatusValues,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { phaseResultRow, runRow, runTree } from "../contracts/runs";
import { AppError, found, invalidState } from "../errors";
import { id, json, longText, name, timestamp } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

const phase = z.enum(featurePhase.enumValues);
const runRef = z.object({ runId: id });

/**
 * Refuses to move a run out of `from` when it is not there or `from` is final. `current` is the
 * run's phase as read; a caller passing `expectedPhase` makes a retried call fail here rather
 * than move the run one phase further.
 */
function assertMovable(current: FeaturePhase, from: FeaturePhase, to: FeaturePhase | undefined) {
  const target = to ?? "a next phase";
  if (current !== from) {
    throw invalidState(
      `The run is in ${current}, not ${from}: it cannot move from ${from} to ${target}`,
    );
  }
  if (finalRunPhases.includes(from)) {
    throw invalidState(
      `The run is ${from}, which is final: it cannot move from ${from} to ${target}`,
    );
  }
}

export const runsRouter = router({
  create: writeProcedure
    .output(runRow)
    .input(
      z.object({
        title: name,
        request: longText.nullish(),
        projectId: id.nullish(),
        featureId: id.nullish(),
        sandboxId: id.nullish(),
        input: json.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      const { project, feature } = await findPlanningParents(ctx.db, { ...scope, ...input });
      if (input.projectId) found(project, "Project", "projectId");
      if (input.featureId) found(feature, "Feature", "featureId");
      if (input.projectId && feature && feature.projectId !== input.projectId) {
        throw new AppError("BAD_REQUEST", "The feature belongs to another project", {
          field: "featureId",
        });
      }
      if (input.sandboxId) {
        found(await getSandbox(ctx.db, { ...scope, id: input.sandboxId }), "Sandbox", "sandboxId");
      }
      return found(await createRun(ctx.db, { ...scope, ...input }), "Run");
    }),

  get: readProcedure
    .output(runRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(await getRun(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }), "Run", "id"),
    ),

  /**
   * Runs newest first, by when they were created (`from`/`to` bound that time, `startedFrom`/
   * `startedTo` the start). `status` is `running` for a run in any phase not final.
   * `titleContains` matches any part of the title, in any case.
   */
  list: readProcedure
    .output(
      pageOf(
        runRow
          .omit({ request: true, input: true, result: true, error: true })
          .meta({ id: "RunListItem" }),
      ),
    )
    .input(
      z
        .object({
          currentPhase: phase.optional(),
          status: z.enum(runStatusValues).optional(),
          projectId: id.optional(),
          titleContains: name.optional(),
          ...timeRangeInput,
          startedFrom: timestamp.optional(),
          startedTo: timestamp.optional(),
          ...pageInput,
        })
        .superRefine((input, ctx) => {
          requireToAfterFrom(input, ctx);
          requireToAfterFrom({ from: input.startedFrom, to: input.startedTo }, ctx, "startedTo");
        }),
    )
    .query(
      async ({ ctx, input: { limit, cursor, from, to, startedFrom, startedTo, ...filters } }) =>
        toPage(
          await listRuns(ctx.db, {
            workspaceId: ctx.workspaceId,
            filters: {
              ...filters,
              created: { from, to },
              started: { from: startedFrom, to: startedTo },
            },
            page: { limit, after: cursor },
          }),
          limit,
        ),
    ),

  /** Passes the current phase (with its output) and opens the next, in seed 001's order. */
  advance: writeProcedure
    .output(runRow)
    .input(z.object({ id, expectedPhase: phase.optional(), output: json.optional() }))
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.id };
      const run = found(await getRun(ctx.db, ref), "Run", "id");
      const from = input.expectedPhase ?? run.currentPhase;
      assertMovable(run.currentPhase, from, nextRunPhase(from));
      const moved = await advanceRunPhase(ctx.db, { ...ref, from, output: input.output });
      if (moved) return moved;
      // Another call moved the run between the read and the conditional update.
      const now = found(await getRun(ctx.db, ref), "Run", "id");
      assertMovable(now.currentPhase, from, nextRunPhase(from));
      throw invalidState(`The run moved out of ${from} while it was being advanced`);
    }),

  /** Fails the run from any phase that is not final; the current attempt fails with it. */
  fail: writeProcedure
    .output(runRow)
    .input(z.object({ id, error: longText.trim().min(1), expectedPhase: phase.optional() }))
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.id };
      const run = found(await getRun(ctx.db, ref), "Run", "id");
      const from = input.expectedPhase ?? run.currentPhase;
      assertMovable(run.currentPhase, from, "failed");
      const failed = await failRunPhase(ctx.db, { ...ref, from, error: input.error });
      if (failed) return failed;
      const now = found(await getRun(ctx.db, ref), "Run", "id");
      assertMovable(now.currentPhase, from, "failed");
      throw invalidState(`The run moved out of ${from} while it was being failed`);
    }),

  phaseResults: readProcedure
    .output(z.array(phaseResultRow))
    .input(runRef)
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getRun(ctx.db, { ...scope, id: input.runId }), "Run", "runId");
      return listPhaseResults(ctx.db, { ...scope, runId: input.runId });
    }),

  recordPhaseOutput: writeProcedure
    .output(phaseResultRow)
    .input(z.object({ phaseResultId: id, output: json }))
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.phaseResultId };
      const recorded = await recordPhaseOutput(ctx.db, { ...ref, output: input.output });
      if (recorded) return recorded;
      const result = found(await getPhaseResult(ctx.db, ref), "Phase result", "phaseResultId");
      throw invalidState(
        `The ${result.phase} attempt moved from running to ${result.status}: its output is final`,
      );
    }),

  /**
   * The run as one tree: phases → invocations (nested) → steps → tool calls. A 1,000-step run
   * is some 4,000 rows, and rebuilding them to validate the answer costs more than a tenth of
   * the call, so the schema documents the answer and is not run on it: every table the tree
   * reads has only public columns, and the contract test checks the answer against it.
   */
  tree: readProcedure
    .meta({ output: runTree })
    .input(runRef)
    .query(
      async ({ ctx, input }): Promise<RunTree> =>
        found(
          await getRunTree(ctx.db, { workspaceId: ctx.workspaceId, runId: input.runId }),
          "Run",
          "runId",
        ),
    ),
});
