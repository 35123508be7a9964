import { router } from "../trpc";

export const checkpointsRouter = router({});
