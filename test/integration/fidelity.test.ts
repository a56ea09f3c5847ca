import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.ts";
import { hasSharedData, sharedDataSkipReason, sharedPath } from "../helpers/shared-data.ts";
import { tempDir } from "../trajectory/openai-jsonl-fixtures.ts";

interface Report {
  calls: number;
  answered: number;
  exact: number;
  normalized: number;
  declined: Record<string, number>;
  environmentFacts: { mode: string; directoryOrderFacts: number; recordingsWithFacts: number };
}

async function fidelity(store: string, ...extra: string[]): Promise<Report> {
  const result = await runCli([
    "fidelity",
    sharedPath("trajectories"),
    "--map",
    sharedPath("repos", "map.json"),
    "--store",
    store,
    "--json",
    ...extra,
  ]);
  expect(result.stderr).not.toMatch(/^understudy:/m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe.skipIf(!hasSharedData)(
  `executor fidelity on the 20 main trajectories${hasSharedData ? "" : ` (skipped: ${sharedDataSkipReason})`}`,
  () => {
    it("answers at least 65% of recorded calls, at least 85% of them exactly; directory-order facts only add", async () => {
      const store = join(tempDir("understudy-fidelity-"), "repos");
      const withFacts = await fidelity(store);
      const withoutFacts = await fidelity(store, "--facts", "none");
      const share = (report: Report) => ({
        coverage: report.answered / report.calls,
        exactness: (report.exact + report.normalized) / report.answered,
      });
      process.stdout.write(
        `→ fidelity: ${JSON.stringify({ withFacts: share(withFacts), withoutFacts: share(withoutFacts) })}\n`,
      );
      expect(withFacts.calls).toBe(1100);
      expect(share(withFacts).coverage).toBeGreaterThanOrEqual(0.65);
      expect(share(withFacts).exactness).toBeGreaterThanOrEqual(0.85);
      expect(withFacts.environmentFacts.mode).toBe("leave-one-out");
      expect(withFacts.environmentFacts.directoryOrderFacts).toBeGreaterThan(0);
      expect(withoutFacts.environmentFacts.mode).toBe("none");
      // Facts turn order-dependent declines into answers; everything else is unchanged.
      expect(withFacts.answered).toBeGreaterThan(withoutFacts.answered);
      expect(withFacts.exact).toBeGreaterThan(withoutFacts.exact);
      const { unsupported: _with, ...restWith } = withFacts.declined;
      const { unsupported: _without, ...restWithout } = withoutFacts.declined;
      expect(restWith).toEqual(restWithout);
    }, 300_000);
  },
);
