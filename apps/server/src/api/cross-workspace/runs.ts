import type { CrossWorkspaceCases } from "./case";

export const runsCases: CrossWorkspaceCases = {};
