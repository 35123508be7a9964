import {
  answerCtaEvent,
  type CtaEvent,
  closeCtaEvent,
  createCtaEvent,
  ctaStatusValues,
  type Database,
  expireDueCtaEvents,
  findInvocationRun,
  getCtaEvent,
  getRun,
  listCtaEvents,
  listPendingCtaEvents,
} from "@steward/db";
import { checkCtaOptions, ctaRequestFields, requireFutureExpiry } from "@steward/events";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { ctaEventRow, expiredCount } from "../contracts/records";
import { AppError, found, invalidState } from "../errors";
import { id, jsonObject, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

const maxAnswerLength = 10_000;

/** The `cta.requested` event's fields and rules; the expiry is checked against now. */
const requestInput = ctaRequestFields
  .extend({
    /** Chosen by the client, so a retried request answers the event it made the first time. */
    id: id.optional(),
  })
  .superRefine(checkCtaOptions)
  .superRefine(requireFutureExpiry);

/** What an answer must look like, by the kind of question. */
const responseShapes = {
  /** An approval may say why: the agent reads the note with the decision. */
  approval: z
    .object({ approved: z.boolean(), note: text().trim().min(1).max(maxAnswerLength).optional() })
    .strict(),
  text: z.object({ text: text().trim().min(1).max(maxAnswerLength) }).strict(),
  choice: z.object({ choice: text() }).strict(),
} as const;

function readResponse(event: CtaEvent, response: Record<string, unknown>) {
  const parsed = responseShapes[event.kind].safeParse(response);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const key = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const field = ["response", ...(issue?.path ?? []).map(String), ...(key ? [key] : [])].join(".");
    throw new AppError("BAD_REQUEST", `${field}: ${issue?.message} (a ${event.kind} question)`, {
      field,
    });
  }
  const answer = parsed.data;
  if ("choice" in answer && !event.options?.includes(answer.choice)) {
    throw new AppError("BAD_REQUEST", "response.choice: not one of the offered options", {
      field: "response.choice",
    });
  }
  return answer;
}

/** Refuses to move an event that is no longer waiting for an answer. */
function assertOpen(event: CtaEvent, to: string, { checkExpiry }: { checkExpiry: boolean }) {
  if (event.status !== "pending") {
    throw invalidState(
      `The event is ${event.status}: it cannot move from ${event.status} to ${to}`,
    );
  }
  if (checkExpiry && event.expiresAt && event.expiresAt.getTime() <= Date.now()) {
    throw invalidState(
      `The event expired at ${event.expiresAt.toISOString()}: it cannot move from pending to ${to}`,
    );
  }
}

async function closeEvent(
  ctx: { db: Database; workspaceId: string },
  input: { id: string; to: "cancelled" | "expired" },
) {
  const ref = { workspaceId: ctx.workspaceId, id: input.id };
  assertOpen(found(await getCtaEvent(ctx.db, ref), "Event", "id"), input.to, {
    checkExpiry: false,
  });
  const closed = await closeCtaEvent(ctx.db, { ...ref, to: input.to });
  if (closed) return closed;
  assertOpen(found(await getCtaEvent(ctx.db, ref), "Event", "id"), input.to, {
    checkExpiry: false,
  });
  throw invalidState(`The event left pending meanwhile: it cannot move to ${input.to}`);
}

export const ctaEventsRouter = router({
  request: writeProcedure
    .output(ctaEventRow)
    .input(requestInput)
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      if (input.runId) found(await getRun(ctx.db, { ...scope, id: input.runId }), "Run", "runId");
      let runId = input.runId;
      if (input.invocationId) {
        const invocation = found(
          await findInvocationRun(ctx.db, { ...scope, invocationId: input.invocationId }),
          "Invocation",
          "invocationId",
        );
        if (runId && invocation.runId !== runId) {
          throw new AppError("BAD_REQUEST", "The invocation belongs to another run", {
            field: "invocationId",
          });
        }
        runId ??= invocation.runId ?? undefined;
      }
      return found(await createCtaEvent(ctx.db, { ...scope, ...input, runId }), "Event");
    }),

  /** Events still waiting for an answer: pending and not past their expiry. */
  listPending: readProcedure
    .output(pageOf(ctaEventRow))
    .input(z.object({ runId: id.optional(), ...pageInput }))
    .query(async ({ ctx, input: { runId, limit, cursor } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      if (runId) found(await getRun(ctx.db, { ...scope, id: runId }), "Run", "runId");
      return toPage(
        await listPendingCtaEvents(ctx.db, { ...scope, runId, page: { limit, after: cursor } }),
        limit,
      );
    }),

  /**
   * Events newest first, by when they were asked (`from`/`to` bound that time), all or by their
   * stored status: `pending` and `answered` are the approvals waiting and decided. A pending
   * event past its expiry stays pending here until it is expired (`listPending` leaves it out).
   */
  list: readProcedure
    .output(pageOf(ctaEventRow))
    .input(
      z
        .object({
          status: z.enum(ctaStatusValues).optional(),
          runId: id.optional(),
          ...timeRangeInput,
          ...pageInput,
        })
        .superRefine((input, ctx) => requireToAfterFrom(input, ctx)),
    )
    .query(async ({ ctx, input: { limit, cursor, from, to, ...filters } }) =>
      toPage(
        await listCtaEvents(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters: { ...filters, created: { from, to } },
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),

  get: readProcedure
    .output(ctaEventRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getCtaEvent(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Event",
        "id",
      ),
    ),

  /** Answers once: `{approved}`, `{text}` or `{choice}` by kind, recording who and when. */
  answer: writeProcedure
    .output(ctaEventRow)
    .input(z.object({ id, response: jsonObject }))
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.id };
      const event = found(await getCtaEvent(ctx.db, ref), "Event", "id");
      assertOpen(event, "answered", { checkExpiry: true });
      const response = readResponse(event, input.response);
      const answered = await answerCtaEvent(ctx.db, {
        ...ref,
        response,
        answeredBy: ctx.auth.userId,
      });
      if (answered) return answered;
      // Another answer, a cancel or the expiry came between the read and the update.
      assertOpen(found(await getCtaEvent(ctx.db, ref), "Event", "id"), "answered", {
        checkExpiry: true,
      });
      throw invalidState("The event left pending meanwhile: it cannot move to answered");
    }),

  cancel: writeProcedure
    .output(ctaEventRow)
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => closeEvent(ctx, { id: input.id, to: "cancelled" })),

  expire: writeProcedure
    .output(ctaEventRow)
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => closeEvent(ctx, { id: input.id, to: "expired" })),

  /** Marks every pending event past its expiry as expired, for a periodic sweep. */
  expireDue: writeProcedure.output(expiredCount).mutation(async ({ ctx }) => ({
    expired: await expireDueCtaEvents(ctx.db, { workspaceId: ctx.workspaceId }),
  })),
});
