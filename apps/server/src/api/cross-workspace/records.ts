import type { CrossWorkspaceCases } from "./case";

export const recordsCases: CrossWorkspaceCases = {};
