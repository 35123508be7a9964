import type { CrossWorkspaceCases } from "./case";

export const tasksCases: CrossWorkspaceCases = {};
