import { z } from "zod";

/**
 * Every tRPC error answer, as the error formatter in trpc.ts shapes it: `code` is JSON-RPC's,
 * `data.code` tRPC's; `fieldErrors` lists input problems, `appCode` and `field` come from an
 * AppError, and a fault carries only the request id that finds it in the server log.
 */
export const errorAnswer = z
  .object({
    error: z.object({
      message: z.string(),
      code: z.int(),
      data: z.object({
        code: z.string(),
        httpStatus: z.int(),
        path: z.string().optional(),
        requestId: z.string().nullable(),
        appCode: z.string().nullable(),
        field: z.string().nullable(),
        fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })).nullable(),
      }),
    }),
  })
  .meta({ id: "Error" });
