/**
 * Reading `realism.db` back as the report's data. Every rate is recomputed from the stored rows
 * (stats are pure), so the numbers printed by a verb and the numbers the report shows agree.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { parseColumn } from "../replay/index.ts";
import type { Position } from "../stats/index.ts";
import { summarizeAwareness } from "./awareness-summary.ts";
import {
  type AwarenessReport,
  type EvaluationReport,
  type RealismData,
  RealismDataSchema,
  SwitchesSchema,
  type TuneReport,
} from "./realism-data.ts";
import { openRealismDatabase, REALISM_DB_FILE, REALISM_SCHEMA_VERSION } from "./realism-schema.ts";
import { summarizeJudgements } from "./win-rate.ts";

type Row = Record<string, unknown>;

function scoreSummary(scores: number[]) {
  if (scores.length === 0) return null;
  return {
    count: scores.length,
    mean: scores.reduce((sum, score) => sum + score, 0) / scores.length,
    min: Math.min(...scores),
    max: Math.max(...scores),
  };
}

/** One evaluation summarised from its rows. */
export function readEvaluation(db: Database.Database, id: string, file: string): EvaluationReport {
  const row = db.prepare("SELECT * FROM evaluations WHERE id = ?").get(id) as Row;
  const pairs = db
    .prepare("SELECT pair_id, status, error FROM pairs WHERE evaluation_id = ? ORDER BY rowid")
    .all(id) as { pair_id: string; status: string; error: string | null }[];
  const clusterOf = new Map(
    (
      db.prepare("SELECT pair_id, cluster_id FROM pairs WHERE evaluation_id = ?").all(id) as {
        pair_id: string;
        cluster_id: string;
      }[]
    ).map((pair) => [pair.pair_id, pair.cluster_id]),
  );
  const judgements = (
    db.prepare("SELECT * FROM judgements WHERE evaluation_id = ? ORDER BY rowid").all(id) as Row[]
  ).map((judgement) => {
    const answer = judgement.answer as "A" | "B" | "tie" | null;
    const picked: Position | null = answer === "A" ? "first" : answer === "B" ? "second" : null;
    return {
      pairId: judgement.pair_id as string,
      clusterId: clusterOf.get(judgement.pair_id as string) ?? (judgement.pair_id as string),
      simulatedPosition: judgement.simulated_position as Position,
      answer,
      picked,
      pickedSimulated:
        judgement.picked_simulated === null ? null : judgement.picked_simulated === 1,
      inputTokens: judgement.input_tokens as number,
      outputTokens: judgement.output_tokens as number,
      costUsd: judgement.cost_usd as number,
    };
  });
  const answers = db
    .prepare(
      "SELECT tier, error, input_tokens, output_tokens, cost_usd FROM tool_answers WHERE evaluation_id = ?",
    )
    .all(id) as {
    tier: "executor" | "recorded" | "llm";
    error: string | null;
    input_tokens: number;
    output_tokens: number;
    cost_usd: number;
  }[];
  const scores = db
    .prepare("SELECT * FROM realism_scores WHERE evaluation_id = ? ORDER BY rowid")
    .all(id) as Row[];
  const tierMix = { calls: answers.length, executor: 0, recorded: 0, llm: 0, unanswered: 0 };
  for (const answer of answers) {
    if (answer.error !== null) tierMix.unanswered += 1;
    else tierMix[answer.tier] += 1;
  }
  const sum = <T>(items: readonly T[], pick: (item: T) => number) =>
    items.reduce((total, item) => total + pick(item), 0);
  const simulatorUsd = sum(answers, (answer) => answer.cost_usd);
  const discriminatorUsd =
    sum(judgements, (judgement) => judgement.costUsd) +
    sum(scores, (score) => score.cost_usd as number);
  const validScores = scores.filter((score) => score.ok === 1 && score.score !== null);
  const sideScores = (side: string) =>
    validScores.filter((score) => score.side === side).map((score) => score.score as number);
  const seed = row.seed as number;
  return {
    id,
    kind: row.kind as EvaluationReport["kind"],
    label: row.label as string,
    source: row.source as string,
    tuneId: (row.tune_id as string | null) ?? null,
    discriminatorModel: row.discriminator_model as string,
    switches: row.switches_json
      ? parseColumn(SwitchesSchema, row.switches_json as string, file, `evaluations.${id}.switches`)
      : null,
    seed,
    createdAt: row.created_at as string,
    finishedAt: (row.finished_at as string | null) ?? null,
    pairs: {
      total: pairs.length,
      judged: pairs.filter((pair) => pair.status === "judged").length,
      identical: pairs.filter((pair) => pair.status === "identical").length,
      failed: pairs.filter((pair) => pair.status === "failed").length,
    },
    winRate: summarizeJudgements(judgements, { seed }),
    tierMix,
    cost: {
      simulatorUsd,
      discriminatorUsd,
      totalUsd: simulatorUsd + discriminatorUsd,
      simulatorTokens: {
        input: sum(answers, (answer) => answer.input_tokens),
        output: sum(answers, (answer) => answer.output_tokens),
      },
      discriminatorTokens: {
        input:
          sum(judgements, (judgement) => judgement.inputTokens) +
          sum(scores, (score) => score.input_tokens as number),
        output:
          sum(judgements, (judgement) => judgement.outputTokens) +
          sum(scores, (score) => score.output_tokens as number),
      },
    },
    realismScores: {
      real: scoreSummary(sideScores("real")),
      simulated: scoreSummary(sideScores("simulated")),
      invalid: scores.length - validScores.length,
      lowestSimulated: validScores
        .filter((score) => score.side === "simulated")
        .sort(
          (left, right) =>
            (left.score as number) - (right.score as number) ||
            String(left.pair_id).localeCompare(String(right.pair_id)),
        )
        .slice(0, 10)
        .map((score) => ({
          pairId: score.pair_id as string,
          score: score.score as number,
          reason: (score.reason as string | null) ?? "",
        })),
    },
    failures: pairs
      .filter((pair) => pair.status === "failed")
      .slice(0, 20)
      .map((pair) => ({ pairId: pair.pair_id, error: pair.error ?? "" })),
  };
}

function readTune(db: Database.Database, row: Row, file: string): TuneReport {
  const ids = db
    .prepare("SELECT id FROM evaluations WHERE tune_id = ? ORDER BY tune_position")
    .all(row.id) as { id: string }[];
  return {
    id: row.id as string,
    scenario: row.scenario as string,
    discriminatorModel: row.discriminator_model as string,
    createdAt: row.created_at as string,
    finishedAt: (row.finished_at as string | null) ?? null,
    sets: ids.map(({ id }) => readEvaluation(db, id, file)),
  };
}

/** Every table of an open realism database, summarised. */
export function readRealismDatabase(db: Database.Database, file: string): RealismData {
  const evaluations = (
    db
      .prepare("SELECT id FROM evaluations WHERE tune_id IS NULL ORDER BY created_at, rowid")
      .all() as { id: string }[]
  ).map(({ id }) => readEvaluation(db, id, file));
  const tunes = (db.prepare("SELECT * FROM tunes ORDER BY created_at, rowid").all() as Row[]).map(
    (row) => readTune(db, row, file),
  );
  const awareness: AwarenessReport[] = (
    db.prepare("SELECT id FROM awareness_runs ORDER BY created_at, rowid").all() as { id: string }[]
  ).map(({ id }) => summarizeAwareness(db, id));
  return RealismDataSchema.parse({
    file,
    present: true,
    schemaVersion: REALISM_SCHEMA_VERSION,
    evaluations,
    tunes,
    awareness,
  });
}

/**
 * Everything the report needs about realism in `runDir` (a run directory, or the output folder
 * of `discriminate --teacher-forced` / `tune`): win rate per evaluation and per affordance set
 * with intervals, tier mix and cost, single-continuation scores, and the awareness measures.
 * A directory without `realism.db` gives `present: false` and empty lists.
 */
export function readRealism(runDir: string): RealismData {
  const file = join(runDir, REALISM_DB_FILE);
  if (!existsSync(file)) {
    return { file, present: false, schemaVersion: null, evaluations: [], tunes: [], awareness: [] };
  }
  const db = openRealismDatabase(runDir, { readonly: true });
  try {
    return readRealismDatabase(db, file);
  } finally {
    db.close();
  }
}
