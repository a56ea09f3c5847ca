import type { BashOptions, Command } from "just-bash";
import type { Workspace } from "../snapshot/types.ts";
import { type ExecutionGuard, isLimitMessage, ShellDeclineError } from "./guard.ts";
import type { DeclineReason, ShellOutcome } from "./types.ts";
import type { WorkspaceFs } from "./workspace-fs.ts";

/** Bounds on one command line; hitting one is a decline with reason `limit`. */
export interface ShellLimits {
  /** Wall-clock deadline per command line (default 10 s). */
  timeoutMs?: number;
  /** Commands executed per command line, loops included (default 10,000). */
  maxCommands?: number;
  /** Iterations of any one shell, awk or sed loop (default 10,000). */
  maxLoopIterations?: number;
  /** Bytes of stdout + stderr (default 10 MB). */
  maxOutputBytes?: number;
  /** Function recursion depth (default 100). */
  maxCallDepth?: number;
}

/** A command to register: a just-bash `Command`, or a factory given the shell's workspace handle. */
export type ShellCommand = Command | ((workspace: Workspace) => Command);

/** Orders the entries of one directory as a real `readdir` would. */
export type DirectoryOrder = (path: string, names: string[]) => string[];

/**
 * Partial knowledge of directory order (learned from recordings): the entries of `path` in the
 * known order, pairs nothing fixes broken by position in `names`, forward or reverse.
 */
export interface DirectoryHints {
  order(path: string, names: string[], tieBreak: "forward" | "reverse"): string[];
}

/** Options for `createShell`. */
export interface ShellOptions {
  /** Working directory of every command (default: the workspace root). */
  cwd?: string;
  /** Variables added to (or replacing) the fixed base environment. */
  env?: Record<string, string>;
  limits?: ShellLimits;
  /**
   * Extra commands; one with the name of a built-in replaces it. `git` (`./git/index.ts`) is built
   * in. Factories receive a workspace handle that stays the same object across calls. A command
   * declines by throwing `ShellDeclineError` or printing `NAME: declined (REASON): DETAIL`.
   */
  commands?: ShellCommand[];
  /**
   * `exact` (default) declines answers that depend on what the snapshot does not record: the order
   * a real file system lists a directory in, file times (`ls -l`, `find -newer`). `plausible`
   * answers them (sorted order, the workspace clock).
   */
  fidelity?: "exact" | "plausible";
  /** The current time for `ls -l` dates (default: 2024-01-01, the workspace's default clock). */
  now?: Date;
  /** A known directory order to reproduce (e.g. recorded from a real disk); implies no double run. */
  directoryOrder?: DirectoryOrder;
  /**
   * Partly known directory order. In `exact` mode the two runs use the hints with forward and
   * reverse tie-breaks, so a command is answered when the known part fixes its output.
   */
  directoryHints?: DirectoryHints;
  /** Apply the file changes of the runnable part of a declined command (default true). */
  applyDeclinedEffects?: boolean;
  /**
   * What to do with files a declined command may have changed (a Python script that rewrites a
   * source file). `answer` (default) keeps answering from the content we have; `decline` treats
   * them as unknown until they are written whole again, and declines reads (`outside-snapshot`).
   * On the main trajectories `decline` trades coverage for exactness (see the shell's README
   * numbers in the report).
   */
  unknownState?: "answer" | "decline";
}

const DEFAULT_LIMITS: Required<ShellLimits> = {
  timeoutMs: 10_000,
  maxCommands: 10_000,
  maxLoopIterations: 10_000,
  maxOutputBytes: 10 * 1024 * 1024,
  maxCallDepth: 100,
};

/** just-bash execution limits for our limits (defaults filled in). */
export function toExecutionLimits(
  limits: ShellLimits = {},
): NonNullable<BashOptions["executionLimits"]> {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  return {
    maxExecutionTimeMs: resolved.timeoutMs,
    maxCommandCount: resolved.maxCommands,
    maxLoopIterations: resolved.maxLoopIterations,
    maxAwkIterations: resolved.maxLoopIterations,
    maxSedIterations: resolved.maxLoopIterations,
    maxOutputSize: resolved.maxOutputBytes,
    maxCallDepth: resolved.maxCallDepth,
  };
}

/** A decline outcome. */
export function declined(reason: DeclineReason, detail: string): ShellOutcome {
  return { declined: true, reason, detail };
}

/** Why a finished run cannot be used as an answer, or null. */
export function runtimeDecline(
  guard: ExecutionGuard,
  fs: WorkspaceFs,
  result: { stderr: string; exitCode: number },
): ShellOutcome | null {
  const outside = fs.takeOutsideReads();
  const recorded = guard.first();
  if (recorded) return declined(recorded.reason, recorded.detail);
  if (outside.length > 0) {
    const paths = [...new Set(outside.map((read) => read.path))].slice(0, 5);
    return declined("outside-snapshot", `reads host paths: ${paths.join(", ")}`);
  }
  if ((result.exitCode === 124 || result.exitCode === 126) && isLimitMessage(result.stderr)) {
    return declined("limit", result.stderr.trim().split("\n").at(-1) ?? "limit");
  }
  const option =
    /^([\w.-]+): (invalid option|unrecognized option|unknown option)[^\n]*/m.exec(result.stderr) ??
    /^usage: [^\n]*/m.exec(result.stderr) ??
    /^([\w.-]+): invalid number of (lines|bytes)$/m.exec(result.stderr);
  if (option) {
    // A just-bash built-in lacks an option GNU may have: its complaint is not GNU's answer.
    return declined("unsupported", option[0]);
  }
  if (/: command not found\n/.test(result.stderr)) {
    return declined("unknown-command", result.stderr.trim().split("\n")[0] ?? "");
  }
  return null;
}

const REASONS = new Set<string>([
  "interpreter",
  "test-runner",
  "package-manager",
  "network",
  "unknown-command",
  "outside-snapshot",
  "unsupported",
  "limit",
]);

/**
 * Turns a command's decline into a recorded one: a thrown `ShellDeclineError`, or a line
 * `NAME: declined (REASON): DETAIL` on stderr (how `git` reports one without a callback).
 */
export function guarded(command: Command, guard: ExecutionGuard): Command {
  return {
    ...command,
    async execute(args, context) {
      try {
        const result = await command.execute(args, context);
        const marker = new RegExp(`^${command.name}: declined \\(([\\w-]+)\\): (.*)$`, "m").exec(
          result.stderr,
        );
        if (marker && REASONS.has(marker[1] ?? "")) {
          guard.decline(marker[1] as DeclineReason, marker[2] ?? "");
        }
        return result;
      } catch (error) {
        if (error instanceof ShellDeclineError) {
          guard.decline(error.reason, error.detail);
          return { stdout: "", stderr: "", exitCode: 1 };
        }
        throw error;
      }
    },
  };
}
