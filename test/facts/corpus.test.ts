import { describe, expect, it } from "vitest";
import { createFactCorpus, learnTrajectoryOrder } from "../../src/facts/index.ts";
import { createShell } from "../../src/shell/index.ts";
import { createMemorySnapshot } from "../../src/snapshot/memory-snapshot.ts";
import { createWorkspace } from "../../src/snapshot/workspace.ts";
import { bash, buildTrajectory } from "../audit/helpers/build-trajectory.ts";

const FILES = { "src/a.py": "x = 1\n", "src/b.py": "x = 2\n", "src/c.py": "x = 3\n" };

/** One recording that ran a listing with `output` (its other call lists nothing). */
function recording(file: string, output: string) {
  return buildTrajectory(
    [
      {
        assistant: null,
        calls: [bash("ls src", "a.py\nb.py\nc.py\n"), bash("find src -name '*.py'", output)],
      },
    ],
    { sourceFile: file, workdir: "/testbed" },
    file,
  );
}

async function shellWith(hints: Parameters<typeof createShell>[1]) {
  const workspace = await createWorkspace(createMemorySnapshot(FILES), { root: "/testbed" });
  return createShell(workspace, hints);
}

describe("createFactCorpus", () => {
  const diskOrder = "src/c.py\nsrc/a.py\nsrc/b.py\n";
  const self = recording("runs/one.json", diskOrder);
  const sibling = recording("runs/two.json", diskOrder);
  const elsewhere = recording("runs/three.json", "src/b.py\nsrc/a.py\nsrc/c.py\n");
  const corpus = createFactCorpus([
    { trajectory: self, repository: "/bundles/x.bundle", workdir: "/testbed" },
    { trajectory: sibling, repository: "/bundles/x.bundle", workdir: "/testbed" },
    { trajectory: elsewhere, repository: "/bundles/y.bundle", workdir: "/testbed" },
  ]);

  it("learns only from listings in disk order (find), not from ls, which sorts", () => {
    expect(learnTrajectoryOrder(self, "/testbed")).toEqual([
      { dir: "src", before: "c.py", after: "a.py" },
      { dir: "src", before: "a.py", after: "b.py" },
    ]);
    expect(corpus.orderFacts).toBe(6);
    expect(corpus.sources).toBe(3);
  });

  it("lets the executor answer a listing in the order other recordings of the repository saw", async () => {
    // A copy (the same recording loaded again) is the same trajectory.
    const hints = corpus.directoryHints(structuredClone(self), { own: false, others: true });
    expect(hints).toBeDefined();
    const shell = await shellWith({ directoryHints: hints });
    expect(await shell.exec("find src -name '*.py'")).toEqual({
      declined: false,
      stdout: diskOrder,
      stderr: "",
      exitCode: 0,
    });
  });

  it("never uses a recording's own facts when leaving it out, nor another repository's", async () => {
    const alone = createFactCorpus([
      { trajectory: self, repository: "/bundles/x.bundle", workdir: "/testbed" },
      { trajectory: elsewhere, repository: "/bundles/y.bundle", workdir: "/testbed" },
    ]);
    expect(alone.directoryHints(self, { own: false, others: true })).toBeUndefined();
    const shell = await shellWith({
      directoryHints: alone.directoryHints(self, { own: true, others: true }),
    });
    expect((await shell.exec("find src -name '*.py'")).declined).toBe(false);
    const unknown = createFactCorpus([]);
    expect(unknown.directoryHints(self, { own: true, others: true })).toBeUndefined();
  });

  it("still declines when the facts leave the order of listed entries open", async () => {
    const partial = createFactCorpus([
      { trajectory: self, repository: "x", workdir: "/testbed" },
      {
        trajectory: recording("runs/four.json", "src/c.py\nsrc/a.py\n"),
        repository: "x",
        workdir: "/testbed",
      },
    ]);
    const shell = await shellWith({
      directoryHints: partial.directoryHints(self, { own: false, others: true }),
    });
    expect(await shell.exec("find src -name '*.py'")).toEqual({
      declined: true,
      reason: "unsupported",
      detail: "output depends on directory order, which the snapshot does not record",
    });
    // Output that does not depend on the open pair is answered.
    expect(await shell.exec("grep -rl 'x = [13]' src")).toEqual({
      declined: false,
      stdout: "src/c.py\nsrc/a.py\n",
      stderr: "",
      exitCode: 0,
    });
  });
});
