import { router } from "../trpc";

export const agentInstancesRouter = router({});
