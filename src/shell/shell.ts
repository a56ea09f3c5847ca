import { Bash, type CommandName } from "just-bash";
import type { Workspace } from "../snapshot/types.ts";
import { SHELL_BUILTINS, TRUSTED_COMMANDS } from "./command-classes.ts";
import { findDecline } from "./decline.ts";
import { createDeclinedStubs } from "./declined-stubs.ts";
import { baseEnvironment, PATH_DIRECTORIES } from "./environment.ts";
import { createGitCommand } from "./git/index.ts";
import { createGnuCommands } from "./gnu/index.ts";
import { ExecutionGuard, ShellDeclineError } from "./guard.ts";
import {
  type DirectoryOrder,
  declined,
  guarded,
  runtimeDecline,
  type ShellOptions,
  toExecutionLimits,
} from "./shell-options.ts";
import { TransactionalWorkspace } from "./transactional-workspace.ts";
import type { Shell, ShellOutcome } from "./types.ts";
import { WorkspaceFs } from "./workspace-fs.ts";
import { pathsDeclinedCommandMayWrite, pathsRestoredByGit } from "./write-analysis.ts";

export type { DirectoryOrder, ShellOptions } from "./shell-options.ts";

type ExecOptions = { cwd?: string; env?: Record<string, string>; stdin?: string };
type Answer = ShellOutcome & { declined: false };
type Attempt =
  | { outcome: ShellOutcome; answer?: undefined }
  | { outcome?: undefined; answer: Answer; fingerprint: string; listed: number };

const DEFAULT_NOW = new Date(Date.UTC(2024, 0, 1));
/** Run-time declines after which a shadow run's file changes are not kept either. */
const KEEP_OUT_OF_SHADOW = new Set(["limit", "outside-snapshot"]);

/**
 * A virtual shell over `workspace`: never the host's files, processes, network or environment.
 * Each command line runs in a transaction; a declined one still applies the file changes of the
 * commands it could run (a heredoc written before `python x.py`). With `unknownState: "decline"`
 * it also marks files the declined part may have changed as unknown, so later reads of them
 * decline instead of answering from stale content.
 */
export function createShell(workspace: Workspace, options: ShellOptions = {}): Shell {
  const transaction = new TransactionalWorkspace(workspace);
  const guard = new ExecutionGuard();
  const fs = new WorkspaceFs(transaction, { probeDirectories: PATH_DIRECTORIES });
  const exact = (options.fidelity ?? "exact") === "exact";
  const extra = (options.commands ?? []).map((entry) =>
    typeof entry === "function" ? entry(transaction) : entry,
  );
  const extraNames = new Set(extra.map((command) => command.name));
  const defaults = [
    ...createGnuCommands(guard, { exact, now: options.now ?? DEFAULT_NOW, root: workspace.root }),
    createGitCommand(transaction, { onDecline: (reason, detail) => guard.decline(reason, detail) }),
  ].filter((command) => !extraNames.has(command.name));
  const custom = [...defaults, ...extra].map((command) => guarded(command, guard));
  const available = new Set([...TRUSTED_COMMANDS, ...custom.map((command) => command.name)]);
  const stubs = createDeclinedStubs(guard, available);
  const registered = new Set([...available, ...stubs.map((command) => command.name)]);
  fs.onProbe = (name) => {
    if (registered.has(name) || SHELL_BUILTINS.has(name)) return;
    if (guard.shadow) guard.noteUnknowableRun();
    else guard.decline("unknown-command", name);
  };
  fs.onOutsideRead = () => {
    if (guard.shadow) guard.noteUnknowableRun();
  };
  transaction.onTaintedRead = (path) => {
    // In a shadow run, a write after such a read (git checkout) still makes the file known.
    if (guard.shadow) return;
    guard.decline(
      "outside-snapshot",
      `unknown state: ${path} may have been changed by a declined command`,
    );
  };
  transaction.onMutate = (path) => {
    if (options.unknownState === "decline" && guard.shadow && guard.unknowableRan) {
      transaction.taint(path);
    }
  };
  const bash = new Bash({
    fs,
    cwd: options.cwd ?? workspace.root,
    commands: [...TRUSTED_COMMANDS] as CommandName[],
    customCommands: [...custom, ...stubs],
    executionLimits: toExecutionLimits(options.limits),
    sleep: async () => {},
    processInfo: { pid: 1, ppid: 0, uid: 0, gid: 0 },
  });

  // Without hints the second run reverses every listing; with them only what they leave open.
  const hints = options.directoryHints;
  const firstOrder: DirectoryOrder | undefined =
    options.directoryOrder ??
    (hints ? (path, names) => hints.order(path, names, "forward") : undefined);
  const secondOrder: DirectoryOrder = hints
    ? (path, names) => hints.order(path, names, "reverse")
    : (_, names) => [...names].reverse();

  /** Runs once inside a fresh transaction; leaves it open when it produced an answer. */
  const attempt = async (
    command: string,
    execOptions: ExecOptions,
    order: DirectoryOrder | undefined,
    shadow: boolean,
  ): Promise<Attempt> => {
    const cwd = execOptions.cwd ?? options.cwd ?? workspace.root;
    transaction.begin();
    guard.reset(shadow);
    fs.takeOutsideReads();
    fs.takeListedDirectories();
    fs.directoryOrder = order;
    let result: { stdout: string; stderr: string; exitCode: number };
    try {
      result = await bash.exec(command, {
        cwd,
        env: { ...baseEnvironment(cwd), ...options.env, ...execOptions.env },
        replaceEnv: true,
        rawScript: true,
        ...(execOptions.stdin === undefined ? {} : { stdin: execOptions.stdin }),
      });
    } catch (error) {
      transaction.rollback();
      if (error instanceof ShellDeclineError)
        return { outcome: declined(error.reason, error.detail) };
      const runtime = runtimeDecline(guard, fs, { stderr: "", exitCode: 1 });
      if (runtime) return { outcome: runtime };
      if (error instanceof Error)
        return { outcome: declined("unsupported", `shell error: ${error.message}`) };
      throw error;
    }
    const runtime = runtimeDecline(guard, fs, result);
    if (runtime && !(shadow && runtime.declined && !KEEP_OUT_OF_SHADOW.has(runtime.reason))) {
      transaction.rollback();
      return { outcome: runtime };
    }
    const answer: Answer = {
      declined: false,
      stdout: result.stdout,
      stderr: result.stderr,
      exitCode: result.exitCode,
    };
    return { answer, fingerprint: transaction.fingerprint(), listed: fs.takeListedDirectories() };
  };

  /** Replays a declined command for its file changes only (see the function comment above). */
  const applyEffects = async (command: string, execOptions: ExecOptions): Promise<void> => {
    if (options.applyDeclinedEffects === false) return;
    const shadow = await attempt(command, execOptions, firstOrder, true);
    if (!shadow.answer) return;
    if (options.unknownState === "decline") {
      const cwd = execOptions.cwd ?? options.cwd ?? workspace.root;
      for (const path of await pathsDeclinedCommandMayWrite(command, cwd, transaction)) {
        transaction.taint(path);
      }
      for (const path of pathsRestoredByGit(command, cwd, workspace.root)) {
        transaction.markKnown(path);
      }
    }
    await transaction.commit();
  };

  const run = async (command: string, execOptions: ExecOptions): Promise<ShellOutcome> => {
    const decline = findDecline(command, available);
    if (decline) {
      await applyEffects(command, execOptions);
      return { declined: true, ...decline };
    }
    const first = await attempt(command, execOptions, firstOrder, false);
    if (!first.answer) {
      await applyEffects(command, execOptions);
      return first.outcome;
    }
    if (exact && first.listed > 0 && !options.directoryOrder) {
      // The real directory order is not in the snapshot: answer only if it cannot matter.
      transaction.rollback();
      const second = await attempt(command, execOptions, secondOrder, false);
      if (!second.answer) return second.outcome;
      const same =
        second.fingerprint === first.fingerprint &&
        second.answer.stdout === first.answer.stdout &&
        second.answer.stderr === first.answer.stderr &&
        second.answer.exitCode === first.answer.exitCode;
      if (!same) {
        transaction.rollback();
        await applyEffects(command, execOptions);
        return declined(
          "unsupported",
          "output depends on directory order, which the snapshot does not record",
        );
      }
    }
    await transaction.commit();
    return first.answer;
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    exec(command, execOptions = {}) {
      const outcome = queue.then(() => run(command, execOptions));
      queue = outcome.catch(() => undefined);
      return outcome;
    },
  };
}
