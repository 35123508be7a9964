import type { CrossWorkspaceCases } from "./case";

export const planningCases: CrossWorkspaceCases = {};
