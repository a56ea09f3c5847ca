import type { DirectoryHints } from "../shell/index.ts";
import type { Trajectory } from "../trajectory/schema.ts";
import { shellScript } from "../trajectory/shell-script.ts";
import { createDirectoryHints, learnOrderEdges, type OrderEdge } from "./directory-order.ts";
import { parseListingCommand } from "./listing-command.ts";

/** A recorded trajectory and where its repository was mounted. */
export interface FactSource {
  trajectory: Trajectory;
  /** Identifies the repository (e.g. the bundle path): facts are shared only within one. */
  repository: string;
  workdir: string;
}

/**
 * Which recordings' facts a trajectory may use. Teacher-forced measurement leaves its own
 * recording file out (its session and subagents), so a recording never answers its own calls; a
 * replay may use its original rollout, one of the simulator's affordances.
 */
export interface FactScope {
  /** Facts from the trajectory's own recording file. */
  own: boolean;
  /** Facts from other recordings of the same repository. */
  others: boolean;
}

/** Environment facts learned from a set of recordings. */
export interface FactCorpus {
  /** Directory order for `trajectory`'s workspace, or undefined when no recording says anything. */
  directoryHints(trajectory: Trajectory, scope: FactScope): DirectoryHints | undefined;
  /** How many order facts (directory, before, after) the recordings gave, before any scoping. */
  readonly orderFacts: number;
  /** How many recordings gave at least one. */
  readonly sources: number;
}

/** Order facts in one recording: every shell call that is a listing in disk order (see `parseListingCommand`). */
export function learnTrajectoryOrder(trajectory: Trajectory, workdir: string): OrderEdge[] {
  const edges: OrderEdge[] = [];
  for (const call of trajectory.calls) {
    const command = shellScript(call);
    if (command === null || call.output === null) continue;
    const listing = parseListingCommand(command, workdir);
    if (listing) edges.push(...learnOrderEdges(listing, call.output, workdir));
  }
  return edges;
}

/**
 * Learns environment facts the snapshot does not record from recordings of the same repository:
 * today the order a real disk lists directories in (ext4 and overlayfs return hash order, the
 * same for every run on one machine), read from `find` and `grep -r` outputs.
 */
export function createFactCorpus(sources: FactSource[]): FactCorpus {
  const learned = sources.map((source) => ({
    source,
    edges: learnTrajectoryOrder(source.trajectory, source.workdir),
  }));
  const keyOf = (trajectory: Trajectory): string =>
    JSON.stringify([
      trajectory.metadata.sourceFile,
      trajectory.metadata.sourceIndex,
      trajectory.id,
    ]);
  const bySource = new Map(learned.map((entry) => [keyOf(entry.source.trajectory), entry]));
  return {
    orderFacts: learned.reduce((sum, entry) => sum + entry.edges.length, 0),
    sources: learned.filter((entry) => entry.edges.length > 0).length,
    directoryHints(trajectory, scope) {
      const own = bySource.get(keyOf(trajectory));
      if (!own) return undefined;
      const file = trajectory.metadata.sourceFile;
      const edges = learned
        .filter((entry) => {
          if (entry.source.repository !== own.source.repository) return false;
          const isOwn = entry.source.trajectory.metadata.sourceFile === file;
          return isOwn ? scope.own : scope.others;
        })
        .flatMap((entry) => entry.edges);
      return edges.length === 0 ? undefined : createDirectoryHints(edges, own.source.workdir);
    },
  };
}
