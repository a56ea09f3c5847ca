import { describe, expect, it } from "vitest";
import { createDirectoryHints, learnOrderEdges, type OrderEdge } from "../../src/facts/index.ts";

const WORKDIR = "/testbed";

describe("learnOrderEdges", () => {
  it("turns consecutive listed paths into the order of the first entries where they differ", () => {
    const output = [
      "src/pkg/schema.py",
      "src/pkg/compat.py",
      "src/pkg/sub/deep.py",
      "src/pkg/__init__.py",
      "src/other.py",
    ].join("\n");
    expect(learnOrderEdges({ cwd: WORKDIR, roots: ["src"] }, output, WORKDIR)).toEqual([
      { dir: "src/pkg", before: "schema.py", after: "compat.py" },
      { dir: "src/pkg", before: "compat.py", after: "sub" },
      { dir: "src/pkg", before: "sub", after: "__init__.py" },
      { dir: "src", before: "pkg", after: "other.py" },
    ]);
  });

  it("reads grep -r lines, skips non-path lines and truncation neighbours (order still holds across them)", () => {
    const output = [
      "<returncode>0</returncode>",
      "<output_head>",
      "/testbed/tests/test_b.py:1:import a",
      "/testbed/tests/test_b.py:9:a.run()",
      "/testbed/tests/test_a.py:3:import a",
      "/testbed/tests/test_",
      "</output_head>",
      "<elided_chars>",
      "120 characters elided",
      "</elided_chars>",
      "<output_tail>",
      "ts/test_d.py:1:import a",
      "/testbed/tests/test_c.py:2:a",
      "grep: /testbed/tests/__pycache__/x.pyc: binary file matches",
      "Binary file /testbed/tests/data.bin matches",
      "/etc/passwd:root",
    ].join("\n");
    const listing = { cwd: "/testbed/src", roots: ["/testbed/tests/"] };
    expect(learnOrderEdges(listing, output, WORKDIR)).toEqual([
      { dir: "tests", before: "test_b.py", after: "test_a.py" },
      { dir: "tests", before: "test_a.py", after: "test_c.py" },
    ]);
  });

  it("learns nothing across two roots: find prints them in argument order, not disk order", () => {
    const output = "src/b.py\nsrc/a.py\ntests/t.py\n";
    expect(learnOrderEdges({ cwd: WORKDIR, roots: ["src", "tests"] }, output, WORKDIR)).toEqual([
      { dir: "src", before: "b.py", after: "a.py" },
    ]);
  });

  it("reads grep's bare relative paths when it searched the working directory", () => {
    const output = "setup.py:1:x\nsrc/m.py:2:x\nREADME:3:x\n";
    expect(learnOrderEdges({ cwd: WORKDIR, roots: [""] }, output, WORKDIR)).toEqual([
      { dir: "", before: "setup.py", after: "src" },
      { dir: "", before: "src", after: "README" },
    ]);
  });
});

describe("createDirectoryHints", () => {
  const names = ["a.py", "b.py", "c.py", "d.py"];
  const edge = (before: string, after: string, dir = "src"): OrderEdge => ({ dir, before, after });

  it("orders a directory the facts fix completely the same way for both tie-breaks", () => {
    const hints = createDirectoryHints(
      [edge("c.py", "a.py"), edge("a.py", "d.py"), edge("d.py", "b.py")],
      WORKDIR,
    );
    expect(hints.order("/testbed/src", names, "forward")).toEqual(["c.py", "a.py", "d.py", "b.py"]);
    expect(hints.order("/testbed/src", names, "reverse")).toEqual(["c.py", "a.py", "d.py", "b.py"]);
  });

  it("keeps order through names only the recordings know, and leaves open pairs to the tie-break", () => {
    // gone.py is not in the workspace, but c < gone < a still puts c before a.
    const hints = createDirectoryHints([edge("c.py", "gone.py"), edge("gone.py", "a.py")], WORKDIR);
    expect(hints.order("/testbed/src", names, "forward")).toEqual(["b.py", "c.py", "a.py", "d.py"]);
    expect(hints.order("/testbed/src", names, "reverse")).toEqual(["d.py", "c.py", "b.py", "a.py"]);
  });

  it("drops pairs seen both ways and gives up on a cycle", () => {
    const contradicted = createDirectoryHints(
      [edge("a.py", "b.py"), edge("b.py", "a.py")],
      WORKDIR,
    );
    expect(contradicted.order("/testbed/src", ["a.py", "b.py"], "reverse")).toEqual([
      "b.py",
      "a.py",
    ]);
    const cycle = createDirectoryHints(
      [edge("a.py", "b.py"), edge("b.py", "c.py"), edge("c.py", "a.py")],
      WORKDIR,
    );
    expect(cycle.order("/testbed/src", names, "forward")).toEqual(names);
    expect(cycle.order("/testbed/src", names, "reverse")).toEqual([...names].reverse());
  });

  it("knows nothing about other directories or paths outside the working directory", () => {
    const hints = createDirectoryHints([edge("b.py", "a.py", "")], WORKDIR);
    expect(hints.order("/testbed", ["a.py", "b.py"], "forward")).toEqual(["b.py", "a.py"]);
    expect(hints.order("/testbed/src", ["a.py", "b.py"], "forward")).toEqual(["a.py", "b.py"]);
    expect(hints.order("/etc", ["a.py", "b.py"], "reverse")).toEqual(["b.py", "a.py"]);
  });
});
