import { sandboxes, sandboxSnapshots } from "@steward/db";
import { jsonObject } from "./json";
import { publicRow, tenantKey, timestamps } from "./public-row";

export const sandboxRow = publicRow(sandboxes, {
  ...tenantKey,
  status: true,
  sourceType: true,
  sourceRef: true,
  provider: true,
  externalId: true,
  metadata: jsonObject,
  error: true,
  startedAt: true,
  stoppedAt: true,
  ...timestamps,
}).meta({ id: "Sandbox" });

export const snapshotRow = publicRow(sandboxSnapshots, {
  ...tenantKey,
  sandboxId: true,
  status: true,
  storageRef: true,
  sizeBytes: true,
  error: true,
  deletedAt: true,
  ...timestamps,
}).meta({ id: "Snapshot" });
