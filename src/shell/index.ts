/** The virtual shell: just-bash over a workspace, GNU-faithful commands, `git`, and the decline policy. */
export { TRUSTED_COMMANDS } from "./command-classes.ts";
export { type Decline, findDecline, literalOf } from "./decline.ts";
export { ShellDeclineError } from "./guard.ts";
export { createShell } from "./shell.ts";
export type {
  DirectoryHints,
  DirectoryOrder,
  ShellCommand,
  ShellLimits,
  ShellOptions,
} from "./shell-options.ts";
export type { DeclineReason, Shell, ShellOutcome, ShellResult } from "./types.ts";
export { WorkspaceFs } from "./workspace-fs.ts";
