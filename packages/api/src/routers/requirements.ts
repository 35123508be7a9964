import { router } from "../trpc";

export const requirementsRouter = router({});
