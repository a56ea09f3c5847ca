import type { ToolCallRecord } from "./schema.ts";

const EDITOR_TOOLS =
  /^(?:str_replace_editor|str_replace_based_edit_tool|text_editor|edit|edit_file|create|open|goto|scroll_up|scroll_down|search_file|search_dir|find_file|submit|view|read|write|multiedit|notebookedit|apply_patch|glob|grep|ls|webfetch|websearch|task|todowrite|update_plan|write_stdin)$/i;

const SWE_AGENT_EDIT =
  /^\s*(?:edit|insert|append)\b[^\n]*\n[\s\S]*\bend_of_(?:edit|insert|append)\s*$/;

/** The script a shell-like call ran, or null when the call is not a shell command. */
export function shellScript(call: ToolCallRecord): string | null {
  if (EDITOR_TOOLS.test(call.name)) return null;
  const value = call.arguments.command ?? call.arguments.cmd ?? call.arguments.script;
  // SWE-agent's `edit N:M … end_of_edit` carries file text, not commands.
  if (typeof value === "string") return SWE_AGENT_EDIT.test(value) ? null : value;
  if (Array.isArray(value) && value.every((part) => typeof part === "string")) {
    const argv = value as string[];
    // Codex `shell`: ["bash", "-lc", "<script>"]
    if (argv.length === 3 && /^(?:ba|z)?sh$/.test(argv[0]!) && /^-\w*c$/.test(argv[1]!)) {
      return argv[2]!;
    }
    return argv.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part}'`)).join(" ");
  }
  return null;
}
