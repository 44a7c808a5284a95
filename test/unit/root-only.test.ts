/** Root-only scenarios: run as root, skipped with the reason printed as another user, failing in CI. */
import * as assert from "assert";
import { namespacesUnavailable } from "../../harness/netns";
import { rootOnly, rootOnlyPart } from "../support/root-only";

const REASON = "network namespaces need root (ip netns add)";
/** Mocha's skip() ends the test by throwing; the stand-in throws this so the test can see it was called. */
const SKIPPED = new Error("skipped");
const skipper = () => ({
  skip: (): never => {
    throw SKIPPED;
  },
});

/** What `fn` printed with console.log, and what it threw. */
function printed(fn: () => unknown): { lines: string[]; thrown?: unknown; returned?: unknown } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    return { lines, returned: fn() };
  } catch (thrown) {
    return { lines, thrown };
  } finally {
    console.log = log;
  }
}

describe("root-only scenarios", () => {
  it("network namespaces are unavailable to any user but root, and say so", () => {
    assert.strictEqual(namespacesUnavailable(1000), REASON);
    assert.notStrictEqual(namespacesUnavailable(0), REASON, "root is not refused (at most for a missing ip command)");
  });

  it("as root the scenario runs: nothing printed, nothing skipped", () => {
    assert.deepStrictEqual(
      printed(() => rootOnly(skipper(), undefined, {})),
      { lines: [], returned: undefined },
    );
    assert.deepStrictEqual(
      printed(() => rootOnlyPart("the namespaces", undefined, { CI: "true" })),
      { lines: [], returned: true },
    );
  });

  it("as another user the test is skipped with the reason printed", () => {
    const result = printed(() => rootOnly(skipper(), REASON, {}));
    assert.strictEqual(result.thrown, SKIPPED);
    assert.deepStrictEqual(result.lines, [`      skipped: ${REASON}`]);
  });

  it("as another user the root-only part of a test is left out, naming it and the reason", () => {
    assert.deepStrictEqual(
      printed(() => rootOnlyPart("the namespaces and links", REASON, {})),
      {
        lines: [`      not checked: the namespaces and links (${REASON})`],
        returned: false,
      },
    );
  });

  it("in CI the same absence is a failure, never a skip", () => {
    for (const run of [() => rootOnly(skipper(), REASON, { CI: "true" }), () => rootOnlyPart("the namespaces", REASON, { CI: "true" })]) {
      const result = printed(run);
      assert.notStrictEqual(result.thrown, SKIPPED);
      assert.match(String(result.thrown), /network namespaces need root \(ip netns add\), and CI must run this scenario/);
      assert.deepStrictEqual(result.lines, []);
    }
  });
});
