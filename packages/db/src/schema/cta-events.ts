import { relations, sql } from "drizzle-orm";
import { check, index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
  toMillisecond,
} from "./columns";
import { ctaKind } from "./enums";
import { users, workspaceReference } from "./identity";
import { agentInvocations } from "./invocations";
import { featureRuns } from "./runs";

export const ctaStatusValues = ["pending", "answered", "cancelled", "expired"] as const;
export type CtaStatus = (typeof ctaStatusValues)[number];

/**
 * A question put to a human: an approval, free text, or a choice among `options`. It is
 * answered at most once; the answer, who gave it and when are an audit record, so the user
 * named in `answered_by` cannot be deleted while it exists.
 */
export const ctaEvents = agentSchema.table(
  "cta_events",
  {
    ...tenantColumns,
    runId: uuid("run_id"),
    invocationId: uuid("invocation_id"),
    kind: ctaKind("kind").notNull(),
    prompt: text("prompt").notNull(),
    /** The choices offered, for `choice`. */
    options: jsonb("options").$type<string[]>(),
    status: text("status").$type<CtaStatus>().notNull().default("pending"),
    /** `{ approved: boolean, note?: string }`, `{ text: string }` or `{ choice: string }` by kind. */
    response: jsonb("response").$type<unknown>(),
    answeredBy: uuid("answered_by"),
    answeredAt: timestamptz("answered_at"),
    expiresAt: timestamptz("expires_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("cta_events_workspace_fk", t.workspaceId),
    tenantReference("cta_events_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    tenantReference(
      "cta_events_invocation_fk",
      t.workspaceId,
      t.invocationId,
      agentInvocations,
      "cascade",
    ),
    tenantReference("cta_events_answered_by_fk", t.workspaceId, t.answeredBy, users, "no action"),
    index("cta_events_run_idx").on(t.workspaceId, t.runId),
    // Retention finds answered questions past their age.
    index("cta_events_answered_idx")
      .on(t.workspaceId, t.answeredAt)
      .where(sql`${t.answeredAt} is not null`),
    // The list reads newest first (by the millisecond, then id), all or by status.
    index("cta_events_created_idx").on(t.workspaceId, toMillisecond(t.createdAt), t.id),
    index("cta_events_status_created_idx").on(
      t.workspaceId,
      t.status,
      toMillisecond(t.createdAt),
      t.id,
    ),
    checkOneOf("cta_events_status_check", "status", ctaStatusValues),
    check(
      "cta_events_answer_check",
      sql`("status" = 'answered') = ("answered_at" is not null and "response" is not null)`,
    ),
    check(
      "cta_events_choice_options_check",
      sql`"kind" <> 'choice' or (jsonb_typeof("options") = 'array' and jsonb_array_length("options") > 0)`,
    ),
  ],
);

export const ctaEventsRelations = relations(ctaEvents, ({ one }) => ({
  run: one(featureRuns, {
    fields: [ctaEvents.workspaceId, ctaEvents.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
  invocation: one(agentInvocations, {
    fields: [ctaEvents.workspaceId, ctaEvents.invocationId],
    references: [agentInvocations.workspaceId, agentInvocations.id],
  }),
  answerer: one(users, {
    fields: [ctaEvents.workspaceId, ctaEvents.answeredBy],
    references: [users.workspaceId, users.id],
  }),
}));
