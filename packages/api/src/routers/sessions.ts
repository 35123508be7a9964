import { router } from "../trpc";

export const sessionsRouter = router({});
