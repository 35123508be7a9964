import { router } from "../trpc";

export const runsRouter = router({});
