/**
 * Builds a run's real dependencies from a scenario: the trajectories, candidate model clients
 * (one per model when replaying each trajectory with its original model), the response cache,
 * the tiered simulator and the environment factory that opens each rollout's workspace.
 */
import { resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { createFactCorpus } from "../facts/index.ts";
import { createEnvironmentFactory } from "../fidelity/environment.ts";
import { indexBundles, loadRepoMap, resolveRepo } from "../fidelity/repo-resolution.ts";
import {
  createModelClient,
  createResponseCache,
  type Environment,
  loadPriceTable,
  type ModelClient,
  type PartialModelSettings,
  resolveCachePath,
  resolveModelSettings,
} from "../llm/index.ts";
import { createGitCommand } from "../shell/git/index.ts";
import { createShell } from "../shell/index.ts";
import type { Simulator } from "../simulator/index.ts";
import { createMemorySnapshot } from "../snapshot/memory-snapshot.ts";
import { DEFAULT_STORE_DIR } from "../snapshot/repo-store.ts";
import { createWorkspace } from "../snapshot/workspace.ts";
import type { Trajectory } from "../trajectory/schema.ts";
import type { OpenEnvironment } from "./rollout-runner.ts";
import type { CandidateBinding } from "./run.ts";
import type { LoadedScenario } from "./scenario-load.ts";
import type { CandidateConfig, SimulatorConfig } from "./scenario-schema.ts";
import { setUpSimulator } from "./simulator-setup.ts";
import { loadScenarioTrajectories } from "./trajectory-source.ts";

/** What `setUpReplay` needs besides the scenario. */
export interface ReplaySetupOptions {
  scenario: LoadedScenario;
  /** Environment variables (the CLI passes `process.env`). */
  env: Environment;
  /** Rollouts in flight; endpoint concurrency defaults to it. */
  concurrency: number;
}

/** A run's dependencies, ready for `runReplay`. */
export interface ReplaySetup {
  trajectories: Trajectory[];
  candidateFor(trajectory: Trajectory): CandidateBinding;
  simulator: Simulator;
  openEnvironment: OpenEnvironment;
  /** Trajectories whose repository could not be resolved (their rollouts will fail, with that reason). */
  unresolved: string[];
  close(): Promise<void>;
}

function endpointSettings(
  config: CandidateConfig | SimulatorConfig,
  env: Environment,
  section: string,
  concurrency: number,
): PartialModelSettings {
  let apiKey: string | undefined;
  if (config.apiKeyEnv) {
    apiKey = env[config.apiKeyEnv];
    if (!apiKey) {
      throw new ConfigError(`${section}.apiKeyEnv names ${config.apiKeyEnv}, which is not set`, {
        details: { field: `${section}.apiKeyEnv` },
      });
    }
  }
  const { model, baseURL, temperature, maxTokens, seed, timeoutMs, maxRetries, stream } = config;
  return {
    model,
    baseURL,
    apiKey,
    temperature,
    maxTokens,
    seed,
    timeoutMs,
    maxRetries,
    stream,
    concurrency: config.concurrency ?? concurrency,
  };
}

/** Loads the trajectories and builds every dependency of a run. */
export async function setUpReplay(options: ReplaySetupOptions): Promise<ReplaySetup> {
  const { scenario } = options.scenario;
  const { env, concurrency } = options;
  const trajectories = await loadScenarioTrajectories(scenario.trajectories);
  const cache = scenario.cache.enabled
    ? createResponseCache({ path: scenario.cache.path ?? resolveCachePath(env) })
    : null;
  const prices = scenario.prices ? loadPriceTable(scenario.prices) : undefined;
  const clientOptions = { cache, ...(prices ? { prices } : {}) };

  const candidateBase = endpointSettings(scenario.candidate, env, "candidate", concurrency);
  const clients = new Map<string, CandidateBinding>();
  const bindingFor = (model: string | undefined): CandidateBinding => {
    const key = model ?? "";
    let binding = clients.get(key);
    if (!binding) {
      const settings = resolveModelSettings(
        "candidate",
        { ...candidateBase, ...(model ? { model } : {}) },
        env,
      );
      binding = {
        model: createModelClient({ ...clientOptions, settings: { candidate: settings } }),
        modelName: settings.model,
      };
      clients.set(key, binding);
    }
    return binding;
  };
  if (scenario.candidate.useOriginalModel) {
    const unknown = trajectories.filter((trajectory) => !trajectory.metadata.model);
    if (unknown.length > 0) {
      throw new ConfigError(
        `candidate.useOriginalModel: the original model of ${unknown.length} trajectories is unknown (${unknown
          .slice(0, 3)
          .map((trajectory) => trajectory.metadata.taskId ?? trajectory.id)
          .join(", ")}); set candidate.model instead`,
      );
    }
  } else bindingFor(undefined);

  let simulatorModel: ModelClient | null = null;
  if (scenario.simulator.tiers.llm) {
    const settings = resolveModelSettings(
      "simulator",
      endpointSettings(scenario.simulator, env, "simulator", concurrency),
      env,
    );
    simulatorModel = createModelClient({ ...clientOptions, settings: { simulator: settings } });
  }
  const simulatorSetup = setUpSimulator(scenario.simulator, simulatorModel);

  const { repositories } = scenario;
  const unresolved: string[] = [];
  let openEnvironment: OpenEnvironment;
  let closeEnvironments = async (): Promise<void> => {};
  if (!repositories.map && !repositories.repos) {
    if (scenario.simulator.tiers.executor) {
      throw new ConfigError(
        "repositories.map or repositories.repos is required while simulator.tiers.executor is on (the executor needs the repository)",
      );
    }
    // A pure-model simulator: an empty workspace at the recorded working directory.
    openEnvironment = async (trajectory) => {
      const workspace = await createWorkspace(createMemorySnapshot({}), {
        root: trajectory.metadata.workdir ?? "/testbed",
      });
      return {
        workspace,
        shell: createShell(workspace, { commands: [(handle) => createGitCommand(handle)] }),
      };
    };
  } else {
    const map = repositories.map ? loadRepoMap(repositories.map) : undefined;
    const bundles = repositories.repos ? indexBundles(repositories.repos) : undefined;
    for (const trajectory of trajectories) {
      if (!resolveRepo(trajectory, { map, bundles })) {
        unresolved.push(
          `${trajectory.metadata.taskId ?? trajectory.id} (${trajectory.metadata.sourceFile})`,
        );
      }
    }
    // Directory order seen in recordings of the same repository: the original rollout's own
    // listings when that affordance is on, the other scenario trajectories' with the tool-db's.
    const { affordances } = scenario.simulator;
    const corpus = createFactCorpus(
      trajectories.flatMap((trajectory) => {
        const repo = resolveRepo(trajectory, { map, bundles });
        return repo ? [{ trajectory, repository: repo.source, workdir: repo.workdir }] : [];
      }),
    );
    const factory = createEnvironmentFactory({
      storeDir: resolve(repositories.store ?? DEFAULT_STORE_DIR),
      facts: {
        corpus,
        scope: {
          own: affordances.includes("originalRollout"),
          others: affordances.includes("toolDb"),
        },
      },
    });
    openEnvironment = (trajectory) =>
      factory.open(trajectory, resolveRepo(trajectory, { map, bundles }));
    closeEnvironments = () => factory.close();
  }

  return {
    trajectories,
    candidateFor: (trajectory) =>
      bindingFor(
        scenario.candidate.useOriginalModel ? (trajectory.metadata.model ?? undefined) : undefined,
      ),
    simulator: simulatorSetup.simulator,
    openEnvironment,
    unresolved,
    async close() {
      simulatorSetup.close();
      await closeEnvironments();
      cache?.close();
    },
  };
}
