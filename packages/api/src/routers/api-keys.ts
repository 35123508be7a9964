import { router } from "../trpc";

export const apiKeysRouter = router({});
