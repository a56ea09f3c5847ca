import { posix } from "node:path";
import { parse } from "just-bash";
import { literalOf } from "../shell/index.ts";

/**
 * A recorded command whose output lists paths in the order a real disk returned them: `find`,
 * or `grep -r`, optionally after `cd DIR &&` and before filters that keep line order.
 */
export interface ListingCommand {
  /** The working directory the command ran in (absolute), after its leading `cd`s. */
  cwd: string;
  /** Traversal roots as the command printed them (`src`, `.`, `/testbed/tests`; `""` = grep's implicit `.`). */
  roots: string[];
}

interface WordLike {
  type: "Word";
  parts: { type: string }[];
}

interface SimpleCommandLike {
  type: "SimpleCommand";
  name: WordLike | null;
  args: WordLike[];
}

interface PipelineLike {
  type: "Pipeline";
  commands: { type: string }[];
  negated?: boolean;
}

/** Stages after the listing that keep the order of the lines they pass on. */
const ORDER_KEEPING = new Set(["head", "tail", "grep", "cut"]);
/** grep options that take the next word as their value (short and long forms). */
const GREP_VALUE_SHORT = new Set(["e", "f", "m", "A", "B", "C", "d", "D"]);
const GREP_VALUE_LONG = new Set([
  "regexp",
  "file",
  "max-count",
  "after-context",
  "before-context",
  "context",
  "include",
  "exclude",
  "exclude-dir",
  "exclude-from",
  "label",
  "binary-files",
  "devices",
  "directories",
]);

function argvOf(command: { type: string }): string[] | null {
  if (command.type !== "SimpleCommand") return null;
  const simple = command as SimpleCommandLike;
  if (!simple.name) return null;
  const words = [simple.name, ...simple.args].map((word) => literalOf(word as never));
  return words.every((word): word is string => word !== null) ? words : null;
}

/** The roots of `grep ARGS` when it searches recursively, else null. */
function grepRoots(args: string[]): string[] | null {
  let recursive = false;
  let patternGiven = false;
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, value] = arg.slice(2).split("=", 2) as [string, string | undefined];
      if (name === "recursive" || name === "dereference-recursive") recursive = true;
      if (name === "directories" && value === "recurse") recursive = true;
      if (name === "regexp" || name === "file") patternGiven = true;
      if (value === undefined && GREP_VALUE_LONG.has(name)) index += 1;
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let at = 1; at < arg.length; at += 1) {
        const flag = arg[at] as string;
        if (flag === "r" || flag === "R") recursive = true;
        if (flag === "e" || flag === "f") patternGiven = true;
        if (GREP_VALUE_SHORT.has(flag)) {
          if (at === arg.length - 1) index += 1;
          break;
        }
      }
      continue;
    }
    operands.push(arg);
  }
  if (!recursive) return null;
  const roots = patternGiven ? operands : operands.slice(1);
  return roots.length === 0 ? [""] : roots;
}

/** The roots of `find ARGS`, or null when an action could reorder or reformat what it lists. */
function findRoots(args: string[]): string[] | null {
  const roots: string[] = [];
  let index = 0;
  while (index < args.length && /^-[HLP]$/.test(args[index] as string)) index += 1;
  while (index < args.length && !/^[-(!]/.test(args[index] as string)) {
    roots.push(args[index] as string);
    index += 1;
  }
  for (; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "-exec" || arg === "-execdir" || arg === "-ok" || arg === "-okdir") {
      // `-exec grep -l P {} \;` prints paths in traversal order; `-exec ls {} +` sorts them.
      if (args[index + 1] !== "grep") return null;
    }
    if (arg === "-fprint" || arg === "-fprintf" || arg === "-fls") return null;
  }
  return roots.length === 0 ? ["."] : roots;
}

/** `head -c`/`tail -c` may cut a path in half. */
function cutsLines(argv: string[]): boolean {
  if (argv[0] !== "head" && argv[0] !== "tail") return false;
  return argv.slice(1).some((arg) => /^-[a-z]*c/.test(arg) || arg.startsWith("--bytes"));
}

/** `xargs [options] grep ...` keeps the order of the paths it is given. */
function isXargsGrep(argv: string[]): boolean {
  const command = argv.slice(1).find((arg) => !arg.startsWith("-"));
  return command === "grep";
}

/**
 * Reads `command` as a listing whose output order is the disk's directory order, or null. Only
 * shapes whose order is known are accepted: anything that may sort, reverse or rewrite the lines
 * (`sort`, `ls`, `awk`, `xargs ls`, ...) makes it null.
 */
export function parseListingCommand(command: string, workdir: string): ListingCommand | null {
  let script: { statements?: { pipelines?: PipelineLike[]; operators?: string[] }[] };
  try {
    script = parse(command) as typeof script;
  } catch (error) {
    if (error instanceof Error) return null;
    throw error;
  }
  const statements = script.statements ?? [];
  if (statements.length !== 1) return null;
  const pipelines = statements[0]?.pipelines ?? [];
  const operators = statements[0]?.operators ?? [];
  let cwd = workdir;
  let listing: ListingCommand | null = null;
  for (const [position, pipeline] of pipelines.entries()) {
    if (pipeline.negated) return null;
    const stages = pipeline.commands.map(argvOf);
    if (stages.some((stage) => stage === null)) return null;
    const argvs = stages as string[][];
    const first = argvs[0] ?? [];
    const joinedBy = position === 0 ? "&&" : operators[position - 1];
    if (!listing) {
      if (first[0] === "cd" && argvs.length === 1 && joinedBy === "&&" && first.length === 2) {
        cwd = posix.resolve(cwd, first[1] as string);
        continue;
      }
      if (joinedBy !== "&&") return null;
      const roots =
        first[0] === "find"
          ? findRoots(first.slice(1))
          : first[0] === "grep"
            ? grepRoots(first.slice(1))
            : null;
      if (!roots) return null;
      const rest = argvs.slice(1);
      const keepsOrder = rest.every(
        (stage) =>
          (ORDER_KEEPING.has(stage[0] as string) && !cutsLines(stage)) ||
          (stage[0] === "xargs" && isXargsGrep(stage) && first[0] === "find"),
      );
      if (!keepsOrder) return null;
      listing = { cwd, roots };
      continue;
    }
    // After the listing only `|| echo ...` (a fallback message) may follow.
    if (joinedBy !== "||" || first[0] !== "echo" || argvs.length !== 1) return null;
  }
  return listing;
}
