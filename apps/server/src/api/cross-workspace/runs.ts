import type { CrossWorkspaceCases } from "./case";

export const runsCases: CrossWorkspaceCases = {
  "runs.create": { notFound: (b) => ({ title: "Mine", projectId: b.project }) },
  "runs.get": { notFound: (b) => ({ id: b.run }) },
  "runs.list": { ownRowsOnly: () => ({}) },
  "runs.advance": { notFound: (b) => ({ id: b.run, expectedPhase: "analysis" }) },
  "runs.fail": { notFound: (b) => ({ id: b.run, error: "stolen" }) },
  "runs.phaseResults": { notFound: (b) => ({ runId: b.run }) },
  "runs.recordPhaseOutput": { notFound: (b) => ({ phaseResultId: b.phaseResult, output: {} }) },
  "runs.tree": { notFound: (b) => ({ runId: b.run }) },
  "sandboxes.create": {
    notFound: (b) => ({ sourceType: "snapshot", sourceRef: b.snapshot }),
  },
  "sandboxes.get": { notFound: (b) => ({ id: b.sandbox }) },
  "sandboxes.list": { ownRowsOnly: () => ({}) },
  "sandboxes.transition": { notFound: (b) => ({ id: b.sandbox, to: "running" }) },
  "sandboxes.createSnapshot": { notFound: (b) => ({ sandboxId: b.sandbox }) },
  "sandboxes.deleteSnapshot": { notFound: (b) => ({ snapshotId: b.snapshot }) },
  "sandboxes.markSnapshotFailed": {
    notFound: (b) => ({ snapshotId: b.snapshot, error: "stolen" }),
  },
  "sandboxes.listSnapshots": { notFound: (b) => ({ sandboxId: b.sandbox }) },
  "memoryRecords.create": {
    notFound: (b) => ({ runId: b.run, kind: "insight", content: "stolen" }),
  },
  "memoryRecords.get": { notFound: (b) => ({ id: b.memoryRecord }) },
  "memoryRecords.list": { notFound: (b) => ({ runId: b.run }) },
  "ctaEvents.request": {
    notFound: (b) => ({ kind: "approval", prompt: "Proceed?", invocationId: b.invocation }),
  },
  "ctaEvents.listPending": { ownRowsOnly: () => ({}) },
  "ctaEvents.get": { notFound: (b) => ({ id: b.ctaEvent }) },
  "ctaEvents.answer": { notFound: (b) => ({ id: b.ctaEvent, response: { approved: true } }) },
  "ctaEvents.cancel": { notFound: (b) => ({ id: b.ctaEvent }) },
  "ctaEvents.expire": { notFound: (b) => ({ id: b.ctaEvent }) },
  "ctaEvents.expireDue": {
    exempt: "sweeps the caller's own workspace and names no other row",
    input: () => undefined,
  },
};
