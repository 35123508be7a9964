export { drainInbox, patientAttempts, testBatchOptions } from "./drain";
export { refusedStepText, refuseMarkedSteps } from "./refuse-steps";
export { quietLogger, runUntilInboxEmpty } from "./run-until-empty";
export { buildScenario, createRunWorkspace, toInboxEvents } from "./scenario";
export { telemetrySnapshot } from "./snapshot";
