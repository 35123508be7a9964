import { router } from "../trpc";

export const ctaEventsRouter = router({});
