import { agentCases } from "./agents";
import type { CrossWorkspaceCases } from "./case";
import { conversationsCases } from "./conversations";
import { identityCases } from "./identity";
import { ingestCases } from "./ingest";
import { listsCases } from "./lists";
import { liveCases } from "./live";
import { planningCases } from "./planning";
import { pricesCases } from "./prices";
import { recordsCases } from "./records";
import { retentionCases } from "./retention";
import { runViewCases } from "./run-view";
import { runsCases } from "./runs";
import { tasksCases } from "./tasks";

/** Every domain's cases; a domain's router and its case file arrive together. */
export const crossWorkspaceCases: CrossWorkspaceCases = {
  ...agentCases,
  ...identityCases,
  ...planningCases,
  ...tasksCases,
  ...runsCases,
  ...runViewCases,
  ...recordsCases,
  ...conversationsCases,
  ...ingestCases,
  ...listsCases,
  ...liveCases,
  ...pricesCases,
  ...retentionCases,
};
