import { router } from "../trpc";

export const featuresRouter = router({});
