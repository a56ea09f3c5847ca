import type { Message, ToolCallRecord, Trajectory } from "../../trajectory/schema.ts";
import { shellScript } from "../../trajectory/shell-script.ts";
import type { Evidence } from "../finding.ts";
import { parseShell, type SimpleCommand } from "./shell-parse.ts";

/** A shell tool call with its script parsed. */
export interface ShellCall {
  call: ToolCallRecord;
  script: string;
  commands: SimpleCommand[];
}

const shellCache = new WeakMap<Trajectory, ShellCall[]>();

/** Every shell call of a trajectory with its parsed commands (cached per trajectory object). */
export function shellCalls(trajectory: Trajectory): ShellCall[] {
  const cached = shellCache.get(trajectory);
  if (cached) return cached;
  const calls: ShellCall[] = [];
  for (const call of trajectory.calls) {
    const script = shellScript(call);
    if (script !== null) calls.push({ call, script, commands: parseShell(script) });
  }
  shellCache.set(trajectory, calls);
  return calls;
}

/** The text a message carries (content plus reasoning for assistants). */
export function messageText(message: Message | undefined): string {
  if (!message) return "";
  return message.content ?? "";
}

/** A call's own output: its recorded output, else the text of its result message. */
function ownOutput(trajectory: Trajectory, call: ToolCallRecord): string {
  if (call.output !== null) return call.output;
  return call.resultIndex === null ? "" : messageText(trajectory.messages[call.resultIndex]);
}

/**
 * What a tool call printed. A Codex `exec_command` that was still running ("Process running
 * with session ID N") continues in later `write_stdin` calls on session N; their chunks are
 * appended so the result (and "Process exited with code N") belongs to the command.
 */
export function callOutput(trajectory: Trajectory, call: ToolCallRecord): string {
  const output = ownOutput(trajectory, call);
  const session = /Process running with session ID (\d+)/.exec(output)?.[1];
  if (session === undefined) return output;
  let combined = output;
  for (const later of trajectory.calls.slice(call.index + 1)) {
    if (later.name !== "write_stdin" || String(later.arguments.session_id) !== session) continue;
    const chunk = ownOutput(trajectory, later);
    combined += `\n${chunk}`;
    if (/Process exited with code -?\d+/.test(chunk)) break;
  }
  return combined;
}

/** Exit status of a call: recorded, or read from the rendering the model saw; null if unknown. */
export function exitCodeOf(trajectory: Trajectory, call: ToolCallRecord): number | null {
  if (call.exitCode !== undefined && call.exitCode !== null) return call.exitCode;
  const output = callOutput(trajectory, call);
  const match =
    /^<returncode>(-?\d+)<\/returncode>/.exec(output) ??
    /Process exited with code (-?\d+)(?![\s\S]*Process exited with code)/.exec(output) ??
    /^Exit code (-?\d+)/.exec(output) ??
    /"exit_code":\s*(-?\d+)/.exec(output) ??
    /\[The command completed with exit code (-?\d+)\.\]/.exec(output);
  if (match) return Number(match[1]);
  return call.isError === true ? 1 : null;
}

/** Index of the last assistant message with non-blank text content, or null. */
export function finalReportIndex(trajectory: Trajectory): number | null {
  for (let index = trajectory.messages.length - 1; index >= 0; index--) {
    const message = trajectory.messages[index]!;
    if (message.role === "assistant" && (message.content ?? "").trim() !== "") return index;
  }
  return null;
}

/** The task as given: system and user messages before the first assistant message. */
export function taskText(trajectory: Trajectory): string {
  const parts: string[] = [];
  for (const message of trajectory.messages) {
    if (message.role === "assistant") break;
    parts.push(message.content);
  }
  return parts.join("\n");
}

/** A trimmed excerpt of `text` around [start, end), at most `max` characters. */
export function excerptOf(text: string, start = 0, end = text.length, max = 240): string {
  const length = end - start;
  const pad = Math.max(0, Math.floor((max - length) / 2));
  const from = Math.max(0, start - pad);
  const to = Math.min(text.length, Math.max(end + pad, from + Math.min(max, text.length)));
  let excerpt = text
    .slice(from, Math.min(to, from + max))
    .replace(/\s+/g, " ")
    .trim();
  if (from > 0) excerpt = `…${excerpt}`;
  if (Math.min(to, from + max) < text.length) excerpt = `${excerpt}…`;
  return excerpt;
}

/** Evidence pointing at a call's assistant message. */
export function callEvidence(call: ToolCallRecord, excerpt: string, max = 240): Evidence {
  return { messageIndex: call.messageIndex, excerpt: excerptOf(excerpt, 0, excerpt.length, max) };
}

/** The agent's working directory: an explicit option, else the trajectory's recorded workdir. */
export function workdirOf(trajectory: Trajectory, workdir?: string | null): string | null {
  const value = workdir === undefined ? trajectory.metadata.workdir : workdir;
  return value ? value.replace(/\/+$/, "") || "/" : null;
}

/** A path relative to the repository: strips the workdir, `./`, and diff `a/`/`b/` prefixes. */
export function repoRelative(path: string, workdir: string | null): string {
  let result = path.trim().replace(/^["'`]|["'`]$/g, "");
  if (workdir && workdir !== "/" && result.startsWith(`${workdir}/`)) {
    result = result.slice(workdir.length + 1);
  }
  return result.replace(/^(?:\.\/)+/, "");
}
