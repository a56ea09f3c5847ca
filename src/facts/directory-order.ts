import { posix } from "node:path";
import type { DirectoryHints } from "../shell/index.ts";
import type { ListingCommand } from "./listing-command.ts";

/** One observed fact: in directory `dir` (relative to the working directory; `""` = itself), `before` is listed before `after`. */
export interface OrderEdge {
  dir: string;
  before: string;
  after: string;
}

/** How to break ties between entries whose order no observation fixes. */
type TieBreak = Parameters<DirectoryHints["order"]>[2];

/** mini-swe-agent's truncation markers: the lines next to them may be cut mid-path. */
const ELISION_MARKER = /^<\/?(output_head|output_tail|elided_chars|warning)>$|characters elided$/;

/** The path a listing line starts with: the line (`find`, `grep -l`), or what comes before `:` (`grep -n`). */
function pathOfLine(line: string): string {
  const colon = line.indexOf(":");
  return colon < 0 ? line : line.slice(0, colon);
}

function rootOf(path: string, roots: string[]): string | null {
  let best: string | null = null;
  for (const root of roots) {
    const bare = root === "" || root === "/" ? root : root.replace(/\/+$/, "");
    const inside =
      bare === "" ? !path.startsWith("/") : path === bare || path.startsWith(`${bare}/`);
    if (inside && (best === null || bare.length > best.length)) best = bare;
  }
  return best;
}

/** `path` (as printed, relative to `cwd` or absolute) relative to `workdir`, or null when outside it. */
function relativeToWorkdir(path: string, cwd: string, workdir: string): string | null {
  const absolute = posix.resolve(cwd, path);
  const relative = posix.relative(workdir, absolute);
  if (relative.startsWith("..") || posix.isAbsolute(relative)) return null;
  return relative;
}

/**
 * Order facts in the output of a listing command: for consecutive listed paths under one root,
 * the first component where they differ names two entries of one directory in disk order (a
 * depth-first walk lists a whole subtree before the next sibling). Lines beside a truncation
 * marker, and lines that are not paths under a root, are skipped.
 */
export function learnOrderEdges(
  listing: ListingCommand,
  output: string,
  workdir: string,
): OrderEdge[] {
  const lines = output.split("\n");
  const unreliable = new Set<number>();
  lines.forEach((line, index) => {
    if (ELISION_MARKER.test(line)) {
      unreliable.add(index - 1);
      unreliable.add(index + 1);
    }
  });
  const edges: OrderEdge[] = [];
  let previous: { root: string; parts: string[] } | null = null;
  for (const [index, line] of lines.entries()) {
    if (unreliable.has(index) || line.startsWith("Binary file ")) continue;
    const printed = pathOfLine(line);
    const root = printed === "" ? null : rootOf(printed, listing.roots);
    const relative = root === null ? null : relativeToWorkdir(printed, listing.cwd, workdir);
    if (root === null || relative === null || relative === "") continue;
    const parts = relative.split("/");
    if (previous && previous.root === root) {
      const shared = commonPrefixLength(previous.parts, parts);
      const before = previous.parts[shared];
      const after = parts[shared];
      if (before !== undefined && after !== undefined) {
        edges.push({ dir: previous.parts.slice(0, shared).join("/"), before, after });
      }
    }
    previous = { root, parts };
  }
  return edges;
}

function commonPrefixLength(left: string[], right: string[]): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) {
    length += 1;
  }
  return length;
}

/** Facts per directory: `after` names of each `before` name; pairs seen both ways are dropped. */
type Relation = Map<string, Map<string, Set<string>>>;

function buildRelation(edges: Iterable<OrderEdge>): Relation {
  const seen = new Set<string>();
  for (const edge of edges) seen.add(JSON.stringify([edge.dir, edge.before, edge.after]));
  const relation: Relation = new Map();
  for (const key of seen) {
    const [dir, before, after] = JSON.parse(key) as [string, string, string];
    if (before === after || seen.has(JSON.stringify([dir, after, before]))) continue;
    let inDir = relation.get(dir);
    if (!inDir) {
      inDir = new Map();
      relation.set(dir, inDir);
    }
    let successors = inDir.get(before);
    if (!successors) {
      successors = new Set();
      inDir.set(before, successors);
    }
    successors.add(after);
  }
  return relation;
}

/**
 * Orders `names` by the facts of one directory: a topological sort of every name the facts
 * mention (names seen only in recordings still carry order between the others), ties broken by
 * position in `names`, forward or reverse. Contradictory facts (a cycle) give up: `names` as
 * given, or reversed, so the shell's two runs still disagree wherever order matters.
 */
function orderByFacts(
  facts: Map<string, Set<string>>,
  names: string[],
  tieBreak: TieBreak,
): string[] {
  const position = new Map(names.map((name, index) => [name, index]));
  const indegree = new Map<string, number>();
  for (const name of names) indegree.set(name, 0);
  for (const [before, successors] of facts) {
    if (!indegree.has(before)) indegree.set(before, 0);
    for (const after of successors) indegree.set(after, (indegree.get(after) ?? 0) + 1);
  }
  // Names only the recordings know go first: they never appear in the result but unblock others.
  const rank = (name: string): number => {
    const at = position.get(name);
    if (at === undefined) return -1;
    return tieBreak === "forward" ? at : names.length - at;
  };
  const ready = [...indegree].filter(([, count]) => count === 0).map(([name]) => name);
  const ordered: string[] = [];
  while (ready.length > 0) {
    ready.sort((left, right) => rank(right) - rank(left));
    const next = ready.pop() as string;
    if (position.has(next)) ordered.push(next);
    for (const after of facts.get(next) ?? []) {
      const count = (indegree.get(after) ?? 0) - 1;
      indegree.set(after, count);
      if (count === 0) ready.push(after);
    }
  }
  if (ordered.length !== names.length) {
    return tieBreak === "forward" ? [...names] : [...names].reverse();
  }
  return ordered;
}

/** Hints (for `createShell({ directoryHints })`) for a workspace mounted at `workdir`. */
export function createDirectoryHints(edges: Iterable<OrderEdge>, workdir: string): DirectoryHints {
  const relation = buildRelation(edges);
  return {
    order(path, names, tieBreak) {
      const relative = posix.relative(workdir, path);
      const facts =
        relative.startsWith("..") || posix.isAbsolute(relative)
          ? undefined
          : relation.get(relative);
      if (!facts) return tieBreak === "forward" ? [...names] : [...names].reverse();
      return orderByFacts(facts, names, tieBreak);
    },
  };
}
