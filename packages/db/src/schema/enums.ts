import { agentSchema } from "./agent-schema";

// Seed 001's contract: these values are referenced by every consumer and hold to the letter.

export const sandboxStatus = agentSchema.enum("sandbox_status", [
  "pending",
  "running",
  "stopping",
  "stopped",
  "failed",
  "aborted",
  "snapshotting",
]);

export const sandboxSourceType = agentSchema.enum("sandbox_source_type", [
  "git",
  "tarball",
  "snapshot",
  "empty",
]);

export const snapshotStatus = agentSchema.enum("snapshot_status", ["created", "deleted", "failed"]);

export const featurePhase = agentSchema.enum("feature_phase", [
  "analysis",
  "approaches",
  "judging",
  "implementation",
  "pr",
  "completed",
  "failed",
]);

export const phaseStatus = agentSchema.enum("phase_status", ["running", "passed", "failed"]);

export const agentType = agentSchema.enum("agent_type", [
  "orchestrator",
  "explorer",
  "coder",
  "judge",
  "meta_judge",
]);

export const finishReason = agentSchema.enum("finish_reason", [
  "stop",
  "length",
  "content-filter",
  "tool-calls",
  "error",
  "other",
]);

export const toolOutputType = agentSchema.enum("tool_output_type", [
  "text",
  "json",
  "execution-denied",
  "error-text",
  "error-json",
  "content",
]);

export const memoryKind = agentSchema.enum("memory_kind", [
  "insight",
  "failure",
  "decision",
  "constraint",
]);

export const ctaKind = agentSchema.enum("cta_kind", ["approval", "text", "choice"]);

export type SandboxStatus = (typeof sandboxStatus.enumValues)[number];
export type SandboxSourceType = (typeof sandboxSourceType.enumValues)[number];
export type SnapshotStatus = (typeof snapshotStatus.enumValues)[number];
export type FeaturePhase = (typeof featurePhase.enumValues)[number];
export type PhaseStatus = (typeof phaseStatus.enumValues)[number];
export type AgentType = (typeof agentType.enumValues)[number];
export type FinishReason = (typeof finishReason.enumValues)[number];
export type ToolOutputType = (typeof toolOutputType.enumValues)[number];
export type MemoryKind = (typeof memoryKind.enumValues)[number];
export type CtaKind = (typeof ctaKind.enumValues)[number];
