/** No process outlives a run, also when a scenario fails: proven on a child run that fails on purpose. */
import * as assert from "assert";
import { readdirSync } from "fs";
import { tmpdir } from "os";
import { hostLinkPrefix, namespacesMarked, namespacesUnavailable } from "../../harness/netns";
import { isRunning, processesMentioning, waitFor } from "../../harness/processes";
import { runFixture } from "../support/exec";
import { rootOnlyPart } from "../support/root-only";

describe("cleanup", function () {
  this.timeout(180_000);

  it("a failing scenario still stops every Alertmanager and Prometheus it started, and removes its namespaces, links and files", async () => {
    const marker = `proven-alerting-cleanup-${process.pid}-${Date.now()}`;
    const child = runFixture("test/e2e/fixtures/fails-on-purpose.ts", { PROVEN_ALERTING_WORKDIR_PREFIX: marker }, 170_000);
    const { output } = child;
    assert.notStrictEqual(child.status, 0, output);
    assert.match(output, /1 failing/);
    assert.match(output, /failing on purpose/);
    const pids = (/PIDS ([\d,]+)/.exec(output)?.[1] ?? "").split(",").filter(Boolean).map(Number);
    assert.strictEqual(pids.length, 3, `the child started 2 Alertmanagers and a Prometheus:\n${output}`);
    for (const pid of pids) assert.ok(!isRunning(pid), `pid ${pid} still running`);
    assert.deepStrictEqual(processesMentioning(marker), []);
    assert.deepStrictEqual(
      readdirSync(tmpdir()).filter((name) => name.includes(marker)),
      [],
      "temporary directories",
    );
    if (!rootOnlyPart("the namespaces and links", namespacesUnavailable())) return;
    assert.match(output, /NAMESPACES 3\b/, "the child ran its 2 Alertmanagers in namespaces of their own (and a switch)");
    assert.deepStrictEqual(namespacesMarked(marker), []);
    // The kernel deletes a removed namespace's links asynchronously: wait (bounded) for the host end to go.
    const hostLinks = () => readdirSync("/sys/class/net").filter((name) => name.startsWith(hostLinkPrefix(child.pid)));
    await waitFor("the host end of the service link removed", () => (hostLinks().length === 0 ? true : undefined), 10_000).catch(() => undefined);
    assert.deepStrictEqual(hostLinks(), []);
  });
});
