import { resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { ConfigError } from "../../errors.ts";
import { createFactCorpus } from "../../facts/index.ts";
import { createEnvironmentFactory } from "../../fidelity/environment.ts";
import { NORMALISATIONS } from "../../fidelity/normalize.ts";
import { indexBundles, loadRepoMap, resolveRepo } from "../../fidelity/repo-resolution.ts";
import { type FidelityReport, type RepoSpec, runFidelity } from "../../fidelity/run.ts";
import { DEFAULT_STORE_DIR } from "../../snapshot/repo-store.ts";
import { createToolDb, type ToolDb } from "../../tooldb/index.ts";
import { defaultAdapters } from "../../tools/index.ts";
import { collectFiles } from "../../trajectory/collect-files.ts";
import { loadTrajectories } from "../../trajectory/load.ts";
import type { Trajectory } from "../../trajectory/schema.ts";
import { formatTable, printJson, printLine, printStatus } from "../output.ts";
import { createProgress } from "../progress.ts";
import { parseFlags } from "./flags.ts";

const FlagsSchema = z.object({
  repos: z.string().optional(),
  map: z.string().optional(),
  store: z.string().default(DEFAULT_STORE_DIR),
  json: z.boolean().default(false),
  maxMismatches: z.coerce.number().int().nonnegative().default(50),
  includeUnresolved: z.boolean().default(false),
  db: z.string().min(1).optional(),
  facts: z.enum(["leave-one-out", "none"]).default("leave-one-out"),
});
type Flags = z.infer<typeof FlagsSchema>;

/** `understudy fidelity`: the teacher-forced executor benchmark on real trajectories. */
export function registerFidelity(program: Command): void {
  program
    .command("fidelity")
    .description(
      "answer every recorded tool call through the executor tier and compare with the recorded output",
    )
    .argument("<paths...>", "trajectory files or folders")
    .option(
      "--repos <dir>",
      "folder of git bundles; a trajectory uses the one tagged base/<task id>",
    )
    .option(
      "--map <file>",
      "JSON map: trajectory path → {bundle, rev, workdir} (paths relative to the map)",
    )
    .option("--store <dir>", "repository store the bundles are cloned into", DEFAULT_STORE_DIR)
    .option("--max-mismatches <n>", "mismatches listed in the report", "50")
    .option(
      "--include-unresolved",
      "count trajectories without a repository (all their calls decline)",
    )
    .option(
      "--db <file>",
      "also measure the recorded tier (tool-db exact match, leave-one-out); stores replay states in FILE",
    )
    .option(
      "--facts <mode>",
      "directory order learned from the other recordings of the same repository (leave-one-out), or none",
      "leave-one-out",
    )
    .option("--json", "print the report as one JSON object")
    .action((paths: string[], options: unknown) => run(paths, parseFlags(FlagsSchema, options)));
}

async function run(paths: string[], flags: Flags): Promise<void> {
  if (!flags.repos && !flags.map) throw new ConfigError("fidelity needs --repos DIR or --map FILE");
  const map = flags.map ? loadRepoMap(flags.map) : undefined;
  const bundles = flags.repos ? indexBundles(flags.repos) : undefined;
  const { files } = await collectFiles(paths);
  const items: { trajectory: Trajectory; repo: RepoSpec | null }[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    for (const trajectory of (await loadTrajectories(file)).trajectories) {
      const repo = resolveRepo(trajectory, { map, bundles });
      if (!repo) unresolved.push(`${trajectory.metadata.taskId ?? trajectory.id} (${file})`);
      if (repo || flags.includeUnresolved) items.push({ trajectory, repo });
    }
  }
  if (unresolved.length > 0) {
    printStatus(
      `fidelity: ${unresolved.length} trajectories have no repository${flags.includeUnresolved ? " (counted as declined)" : " and are left out"}:`,
    );
    for (const line of unresolved) printStatus(`  ${line}`);
  }
  const toolDb: ToolDb | undefined = flags.db
    ? createToolDb(flags.db, { mustExist: true })
    : undefined;
  const corpus = createFactCorpus(
    items.flatMap(({ trajectory, repo }) =>
      repo ? [{ trajectory, repository: repo.source, workdir: repo.workdir }] : [],
    ),
  );
  const environmentFacts = {
    mode: flags.facts,
    directoryOrderFacts: corpus.orderFacts,
    recordingsWithFacts: corpus.sources,
  };
  if (flags.facts !== "none") {
    printStatus(
      `fidelity: ${corpus.orderFacts} directory-order facts from ${corpus.sources} recordings (each trajectory uses only the others')`,
    );
  }
  const factory = createEnvironmentFactory({
    storeDir: resolve(flags.store),
    ...(flags.facts === "none" ? {} : { facts: { corpus, scope: { own: false, others: true } } }),
  });
  const progress = createProgress("fidelity", items.length);
  let report: FidelityReport;
  try {
    report = await runFidelity(items, {
      adapters: defaultAdapters(),
      openEnvironment: (trajectory, repo) => factory.open(trajectory, repo),
      maxMismatches: flags.maxMismatches,
      onTrajectory: (summary) => progress.tick(1, summary.trajectory),
      ...(toolDb ? { toolDb } : {}),
    });
  } finally {
    progress.done();
    await factory.close();
    toolDb?.close();
  }
  if (flags.db && report.statesIndexed !== undefined) {
    printStatus(
      `fidelity: stored replay states of ${report.statesIndexed} recorded rows in ${flags.db}`,
    );
  }
  if (flags.json) printJson({ ...report, environmentFacts });
  else printHuman(report);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

function printHuman(report: FidelityReport): void {
  printLine(
    formatTable(
      ["trajectory", "calls", "answered", "exact", "normalized", "declined"],
      report.byTrajectory.map((row) => [
        row.trajectory,
        row.calls,
        row.answered,
        row.exact,
        row.normalized,
        Object.values(row.declined).reduce((sum, count) => sum + count, 0),
      ]),
    ),
  );
  const matched = report.exact + report.normalized;
  printLine();
  printLine(
    `calls ${report.calls}; answered ${report.answered} (${percent(report.answered, report.calls)})`,
  );
  printLine(
    `matched ${matched} of answered (${percent(matched, report.answered)}): exact ${report.exact}, normalized ${report.normalized} [${NORMALISATIONS.join(", ")}]`,
  );
  if (report.unrecorded > 0)
    printLine(`answered but nothing recorded to compare: ${report.unrecorded}`);
  const declined = Object.entries(report.declined).sort((a, b) => b[1] - a[1]);
  if (declined.length > 0) {
    printLine(`declined: ${declined.map(([reason, count]) => `${reason} ${count}`).join(", ")}`);
  }
  if (report.byTier) {
    printLine();
    printLine(
      formatTable(
        ["tier (leave-one-out)", "answered", "coverage", "matched", "of answered"],
        Object.entries(report.byTier).map(([tier, counts]) => [
          tier,
          counts.answered,
          percent(counts.answered, report.calls),
          counts.exact,
          percent(counts.exact, counts.answered),
        ]),
      ),
    );
    const alone = report.recordedAlone;
    if (alone)
      printLine(`recorded tier on every call: answered ${alone.answered}, matched ${alone.exact}`);
  }
  for (const mismatch of report.mismatches.slice(0, 5)) {
    printLine();
    printLine(
      `mismatch ${mismatch.trajectory} step ${mismatch.step}: ${mismatch.command.slice(0, 120)}`,
    );
  }
}
