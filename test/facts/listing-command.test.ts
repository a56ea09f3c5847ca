import { describe, expect, it } from "vitest";
import { parseListingCommand } from "../../src/facts/index.ts";

const WORKDIR = "/testbed";

describe("parseListingCommand", () => {
  it("reads find and grep -r listings with their roots and working directory", () => {
    expect(parseListingCommand('find src -type f -name "*.py" | head -20', WORKDIR)).toEqual({
      cwd: "/testbed",
      roots: ["src"],
    });
    expect(parseListingCommand("find . -name '*.cfg'", WORKDIR)).toEqual({
      cwd: "/testbed",
      roots: ["."],
    });
    expect(parseListingCommand("find -name x", WORKDIR)).toEqual({ cwd: "/testbed", roots: ["."] });
    expect(parseListingCommand("find -L src tests -type f", WORKDIR)).toEqual({
      cwd: "/testbed",
      roots: ["src", "tests"],
    });
    expect(
      parseListingCommand('cd /testbed && grep -rn "List" tests/ || echo "No matches"', WORKDIR),
    ).toEqual({ cwd: "/testbed", roots: ["tests/"] });
    expect(parseListingCommand("cd src && grep -r -e Mapping -e Set marshmallow", WORKDIR)).toEqual(
      { cwd: "/testbed/src", roots: ["marshmallow"] },
    );
    expect(parseListingCommand("grep -rl --include=*.py -A 2 needle", WORKDIR)).toEqual({
      cwd: "/testbed",
      roots: [""],
    });
    expect(
      parseListingCommand('find tests -name "*.py" | xargs grep -l "validates" | head -5', WORKDIR),
    ).toEqual({ cwd: "/testbed", roots: ["tests"] });
    expect(
      parseListingCommand("find tests -name '*.py' -exec grep -l DateTime {} \\;", WORKDIR),
    ).toEqual({ cwd: "/testbed", roots: ["tests"] });
  });

  it("refuses listings whose lines may be sorted, reversed, cut or rewritten", () => {
    for (const command of [
      "grep -n needle src/a.py", // not recursive: no directory is listed
      "ls -la src",
      "find src -name '*.py' | sort",
      "find src -name '*.py' | xargs ls",
      "find src -name '*.py' -exec ls {} +",
      "find src | tac",
      "find src | head -c 100",
      "find src | awk '{print $1}'",
      "grep -r needle src | sort -u",
      "grep -r needle src | xargs grep -l other",
      "find src; find tests",
      "find src || find tests",
      "cd $HOME && find .",
      'find "$DIR" -name x',
      "! find src",
    ]) {
      expect(parseListingCommand(command, WORKDIR), command).toBeNull();
    }
  });
});
