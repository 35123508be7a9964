export { type FinishReason, mapFinishReason, mapUsage, type StepUsage } from "./map-step";
export {
  type InvocationContext,
  type InvocationRecording,
  type InvocationResult,
  recordInvocation,
  type StepCallback,
} from "./record-invocation";
