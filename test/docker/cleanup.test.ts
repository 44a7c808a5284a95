/**
 * A docker run leaves nothing behind, also when it fails or is interrupted: no dockerd, no
 * containerd or shim, no shim socket, no container process, no mount, cgroup, bridge or data root. Proven on a
 * child run that fails on purpose, both ways.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { existsSync } from "fs";
import * as path from "path";
import { cgroupsNamed, mountsUnder, shimPaths } from "../../harness/docker/daemon";
import { isRunning, processesMentioning } from "../../harness/processes";
import { requireDocker } from "../support/docker";
import { runFixture } from "../support/exec";

describe("docker cleanup", function () {
  this.timeout(240_000);

  before(() => {
    requireDocker();
  });

  for (const [failBy, how] of [
    ["assert", "a failing test (the after hook)"],
    ["signal", "an interrupted run (the exit handlers)"],
  ] as const) {
    it(`removes the daemon and everything it made after ${how}`, () => {
      const shimPathsBefore = shimPaths();
      const { status, output } = runFixture("test/docker/fixtures/fails-on-purpose.ts", { FAIL_BY: failBy }, 200_000);
      assert.notStrictEqual(status, 0, output);
      const made = /DAEMON (\{.*\})/.exec(output);
      assert.ok(made, `the child started a daemon and a container:\n${output}`);
      const { dir, cgroupParent, bridge, pid } = JSON.parse(made[1]) as { dir: string; cgroupParent: string; bridge: string; pid: number };
      assert.ok(!isRunning(pid), "dockerd stopped");
      assert.deepStrictEqual(processesMentioning(dir).concat(processesMentioning(cgroupParent)), [], "containerd, shims and container processes");
      assert.deepStrictEqual(mountsUnder(dir), [], "mounts");
      assert.ok(!existsSync(dir), `${dir} removed`);
      assert.deepStrictEqual(cgroupsNamed(cgroupParent), [], "cgroups");
      assert.ok(!existsSync(`/sys/class/net/${bridge}`), `bridge ${bridge} removed`);
      assert.ok(
        !execFileSync("iptables", ["-S", "FORWARD"], { encoding: "utf8" }).includes(path.basename(dir)),
        "the FORWARD rules (made where the machine forwards IPv4, each naming its run)",
      );
      assert.deepStrictEqual(shimPaths(), shimPathsBefore, "the shims' sockets (which containerd keeps outside the daemon's roots)");
    });
  }
});
