/**
 * Replay: scenarios, cut points, the candidate loop, resumable runs and the run store. The read
 * API (`openRunStore`) is what the discriminator, the audit and the report build on.
 */
export { protocolFor } from "./agent-protocol.ts";
export {
  type CandidateLoopInput,
  type CandidateModel,
  runCandidateLoop,
} from "./candidate-loop.ts";
export { cutPoints } from "./cut-points.ts";
export { mergeRuns } from "./merge.ts";
export { parseShard, planRollouts } from "./plan.ts";
export { type OpenEnvironment, runRollout } from "./rollout-runner.ts";
export type { RecordedMessage, RecordedToolCall, RolloutTranscript } from "./rollout-types.ts";
export { type ReplayEvent, runReplay } from "./run.ts";
export {
  openRunStore,
  type RolloutRecord,
  type RolloutSummary,
  type RunStoreReader,
} from "./run-store.ts";
export { parseColumn } from "./run-store-rows.ts";
export { RUN_DB_FILE } from "./run-store-schema.ts";
export { type RunSummary, toJsonSummary } from "./run-summary.ts";
export { type LoadedScenario, loadScenario, parseScenario } from "./scenario-load.ts";
export { setUpReplay } from "./setup.ts";
