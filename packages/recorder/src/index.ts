export { InvalidEventError } from "./encode-event";
export { type ExitFlushOptions, flushWithin, registerExitFlush } from "./exit-flush";
export { newId } from "./ids";
export { createRecorder, type Recorder, type RecorderStats } from "./recorder";
export type {
  DropReason,
  RecorderLogger,
  RecorderOptions,
  RejectedRecord,
} from "./recorder-options";
