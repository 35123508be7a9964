import { router } from "../trpc";

export const sprintsRouter = router({});
