import { resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import {
  type Connector,
  createGitHistoryConnector,
  createHttpGetConnector,
  createRepositoryFilesConnector,
} from "../../connectors/index.ts";
import { ConfigError } from "../../errors.ts";
import { createFactCorpus } from "../../facts/index.ts";
import { createEnvironmentFactory } from "../../fidelity/environment.ts";
import { indexBundles, loadRepoMap, resolveRepo } from "../../fidelity/repo-resolution.ts";
import {
  createModelClient,
  createResponseCache,
  type ModelClient,
  type ResponseCache,
  resolveCachePath,
  resolveModelSettings,
} from "../../llm/index.ts";
import {
  type CallAtStep,
  createSimulator,
  prepareCallAtStep,
  type SimulatedAnswer,
  type SimulatorPrompt,
  SWITCH_NAMES,
  switchesFromList,
} from "../../simulator/index.ts";
import { DEFAULT_STORE_DIR } from "../../snapshot/repo-store.ts";
import { createStore, createToolDb, DEFAULT_DB_PATH } from "../../tooldb/index.ts";
import { printJson, printLine } from "../output.ts";
import { parseFlags } from "./flags.ts";

const FlagsSchema = z.object({
  trajectory: z.string().min(1),
  step: z.coerce.number().int().nonnegative(),
  db: z.string().min(1).default(DEFAULT_DB_PATH),
  repos: z.string().optional(),
  map: z.string().optional(),
  store: z.string().default(DEFAULT_STORE_DIR),
  affordances: z.string().default("all"),
  allowUrl: z.array(z.string()).default([]),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
});
type Flags = z.infer<typeof FlagsSchema>;

/** `understudy simulate-call`: answers one recorded call as the simulator would at that point. */
export function registerSimulateCall(program: Command): void {
  program
    .command("simulate-call")
    .description(
      "answer the N-th tool call of a stored trajectory as the simulator would (executor, tool-db, model) and show how",
    )
    .requiredOption("--trajectory <id>", "trajectory id (from `trajectories list`)")
    .requiredOption("--step <n>", "which tool call, counting from 0")
    .option("--db <file>", "SQLite database (trajectories and tool-db)", DEFAULT_DB_PATH)
    .option(
      "--repos <dir>",
      "folder of git bundles; a trajectory uses the one tagged base/<task id>",
    )
    .option("--map <file>", "JSON map: trajectory path → {bundle, rev, workdir}")
    .option("--store <dir>", "repository store the bundles are cloned into", DEFAULT_STORE_DIR)
    .option("--affordances <list>", `what is on: ${SWITCH_NAMES.join(",")}, all or none`, "all")
    .option("--allow-url <prefix...>", "let the http-get connector GET URLs under these prefixes")
    .option("--no-cache", "bypass the model response cache")
    .option("--json", "print one JSON object")
    .action((options: unknown) => run(parseFlags(FlagsSchema, options)));
}

/** The simulator model from the environment; null when no model is configured at all. */
function simulatorModel(cache: ResponseCache | null): ModelClient | null {
  try {
    const settings = resolveModelSettings("simulator", {}, process.env);
    return createModelClient({ settings: { simulator: settings }, cache });
  } catch (error) {
    if (error instanceof ConfigError && error.details.field === "model") return null;
    throw error;
  }
}

async function run(flags: Flags): Promise<void> {
  if (!flags.repos && !flags.map) {
    throw new ConfigError("simulate-call needs --repos DIR or --map FILE");
  }
  const switches = switchesFromList(flags.affordances.split(","));
  const store = createStore(flags.db, { mustExist: true });
  let trajectory: ReturnType<typeof store.getTrajectory>;
  try {
    trajectory = store.getTrajectory(flags.trajectory);
  } finally {
    store.close();
  }
  const repo = resolveRepo(trajectory, {
    ...(flags.map ? { map: loadRepoMap(flags.map) } : {}),
    ...(flags.repos ? { bundles: indexBundles(flags.repos) } : {}),
  });
  if (!repo) {
    throw new ConfigError(
      `no repository for ${trajectory.metadata.taskId ?? trajectory.id} in --repos/--map`,
    );
  }
  // The call's own trajectory is the only recording here: its listings give directory order.
  const factory = createEnvironmentFactory({
    storeDir: resolve(flags.store),
    facts: {
      corpus: createFactCorpus([{ trajectory, repository: repo.source, workdir: repo.workdir }]),
      scope: { own: switches.affordances.includes("originalRollout"), others: false },
    },
  });
  const cache = flags.cache ? createResponseCache({ path: resolveCachePath(process.env) }) : null;
  const toolDb = createToolDb(flags.db, { mustExist: true });
  try {
    const prepared = await prepareCallAtStep(
      trajectory,
      flags.step,
      await factory.open(trajectory, repo),
    );
    const connectors: Connector[] = [createRepositoryFilesConnector(), createGitHistoryConnector()];
    if (flags.allowUrl.length > 0)
      connectors.push(createHttpGetConnector({ allow: flags.allowUrl }));
    const prompts: SimulatorPrompt[] = [];
    const simulator = createSimulator({
      switches,
      recorded: toolDb,
      leaveOneOut: true,
      connectors,
      model: simulatorModel(cache),
      noCache: !flags.cache,
      onPrompt: (prompt) => prompts.push(prompt),
    });
    const answer = await simulator.answer(prepared.call, prepared.context);
    const prompt = prompts[0] ?? null;
    if (flags.json) {
      printJson({
        trajectory: trajectory.id,
        step: flags.step,
        call: prepared.call,
        replay: prepared.replay,
        answer,
        prompt: prompt ? { hash: prompt.hash, sections: prompt.sections } : null,
        recordedOutput: prepared.record.output,
      });
    } else printHuman(prepared, answer, prompt);
  } finally {
    toolDb.close();
    cache?.close();
    await factory.close();
  }
}

function printHuman(
  prepared: CallAtStep,
  answer: SimulatedAnswer,
  prompt: SimulatorPrompt | null,
): void {
  const { call, replay, record } = prepared;
  printLine(`step ${record.index}: ${call.name} ${JSON.stringify(call.arguments)}`);
  printLine(`replayed ${replay.replayed} earlier calls (${replay.divergences.length} diverged)`);
  const passed = answer.passedOver.map(
    (entry) => `${entry.tier} ${entry.reason}${entry.detail ? ` (${entry.detail})` : ""}`,
  );
  printLine(
    `tier: ${answer.tier}${passed.length > 0 ? `; passed over: ${passed.join(", ")}` : ""}`,
  );
  if (answer.recordedFrom) {
    printLine(`recorded in ${answer.recordedFrom.trajectoryId} step ${answer.recordedFrom.step}`);
  }
  if (answer.error) printLine(`error: ${answer.error}`);
  if (prompt) {
    printLine(
      `affordances: ${answer.affordances.join(", ") || "none"}; prompt hash ${prompt.hash}`,
    );
  }
  if (answer.cost) {
    const { promptTokens, completionTokens, costUsd } = answer.cost;
    printLine(
      `cost: ${promptTokens} prompt + ${completionTokens} completion tokens, $${costUsd.toFixed(6)}`,
    );
  }
  for (const change of answer.stateChanges ?? [])
    printLine(`state change: ${change.action} ${change.path}`);
  for (const change of answer.rejectedStateChanges ?? []) {
    printLine(`rejected state change: ${change.action} ${change.path} (${change.reason})`);
  }
  if (answer.realism) printLine(`realism scores: ${answer.realism.scores.join(", ")}`);
  for (const section of prompt?.sections ?? []) {
    printLine(`\n--- prompt section: ${section.name} ---\n${section.text}`);
  }
  const exit = answer.exitCode === null ? "" : ` (exit code ${answer.exitCode})`;
  printLine(`\n--- output${exit} ---\n${answer.output}`);
  if (record.output !== null) printLine(`\n--- recorded output ---\n${record.output}`);
}
