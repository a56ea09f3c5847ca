import { SnapshotError } from "../errors.ts";
import type { FactCorpus, FactScope } from "../facts/index.ts";
import { createShell } from "../shell/index.ts";
import { createRepoStore } from "../snapshot/repo-store.ts";
import type { SnapshotBackend } from "../snapshot/repository-reader.ts";
import { createSnapshotCache } from "../snapshot/snapshot-cache.ts";
import type { Snapshot } from "../snapshot/types.ts";
import { createWorkspace } from "../snapshot/workspace.ts";
import type { Trajectory } from "../trajectory/schema.ts";
import type { FidelityEnvironment, RepoSpec } from "./run.ts";

/** Opens workspaces for trajectories: bundles are added to the repository store once, snapshots are shared. */
export interface EnvironmentFactory {
  open(trajectory: Trajectory, repo: RepoSpec | null): Promise<FidelityEnvironment>;
  close(): Promise<void>;
}

/**
 * Environment facts the original rollout shows and the snapshot cannot: the abbreviation length
 * git printed (it depends on the object count of the clone the agent ran in, not on the tree).
 * Read from `index <a>..<b>` lines in the recorded outputs and the submission; null when absent.
 */
export function inferAbbrevLength(trajectory: Trajectory): number | null {
  const texts = [
    trajectory.metadata.submission ?? "",
    ...trajectory.calls.map((call) => call.output ?? ""),
  ];
  for (const text of texts) {
    const match = /^index ([0-9a-f]{7,40})\.\.([0-9a-f]{7,40})/m.exec(text);
    if (match?.[1] && match[2] && match[1].length === match[2].length) return match[1].length;
  }
  return null;
}

/** The same snapshot with another abbreviation length (prototype delegation keeps its methods). */
function withAbbrev(snapshot: Snapshot, abbrevLength: number | null): Snapshot {
  if (abbrevLength === null || abbrevLength === snapshot.abbrevLength) return snapshot;
  return Object.create(snapshot, { abbrevLength: { value: abbrevLength } }) as Snapshot;
}

/** Creates the factory over a repository store folder (bundles are cloned into it on first use). */
export function createEnvironmentFactory(options: {
  storeDir: string;
  backend?: SnapshotBackend;
  /** Environment facts (directory order) learned from recordings, and which of them a trajectory may use. */
  facts?: { corpus: FactCorpus; scope: FactScope };
}): EnvironmentFactory {
  const store = createRepoStore({ root: options.storeDir });
  const cache = createSnapshotCache({ store, backend: options.backend ?? "git-cli" });
  const added = new Map<string, Promise<string>>();
  const repositoryName = (source: string): Promise<string> => {
    let name = added.get(source);
    if (!name) {
      name = store.addRepository(source).then((result) => result.name);
      added.set(source, name);
    }
    return name;
  };
  return {
    async open(trajectory, repo) {
      if (!repo) {
        throw new SnapshotError(
          `no repository for ${trajectory.metadata.taskId ?? trajectory.id} (give --repos or --map)`,
        );
      }
      const name = await repositoryName(repo.source);
      const snapshot = withAbbrev(
        await cache.openSnapshot(name, repo.rev),
        inferAbbrevLength(trajectory),
      );
      const workspace = await createWorkspace(snapshot, { root: repo.workdir });
      const directoryHints = options.facts?.corpus.directoryHints(trajectory, options.facts.scope);
      const shell = createShell(workspace, directoryHints ? { directoryHints } : {});
      return { workspace, shell };
    },
    close: () => cache.close(),
  };
}
