import { router } from "../trpc";

export const sandboxesRouter = router({});
