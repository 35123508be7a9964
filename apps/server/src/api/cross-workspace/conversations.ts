import type { CrossWorkspaceCases } from "./case";

export const conversationsCases: CrossWorkspaceCases = {};
