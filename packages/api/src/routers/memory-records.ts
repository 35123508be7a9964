import { router } from "../trpc";

export const memoryRecordsRouter = router({});
