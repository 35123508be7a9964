import { z } from "zod";
import { ingestLimits } from "./limits";
import { storableJson, storableJsonObject, storableText, timestamp } from "./storable";

// The field rules events and the records shared with procedures are built from.
export const id = z.uuid();
export const text = storableText().max(ingestLimits.maxTextLength);
export const label = storableText().trim().min(1).max(ingestLimits.maxNameLength);
export const time = timestamp;
export const json = storableJson(ingestLimits.maxEventBytes);
export const jsonObject = storableJsonObject(ingestLimits.maxEventBytes);
