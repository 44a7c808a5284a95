/**
 * A docker run leaves nothing behind, also when it fails or is interrupted: no dockerd, no
 * containerd or shim, no container process, no mount, cgroup, bridge or data root. Proven on a
 * child run that fails on purpose, both ways.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { cgroupsNamed, CONTAINER_NETWORKS, mountsUnder, processesOf } from "../../harness/docker/daemon";
import { ROOT } from "../../offline/program";
import { skipWithoutDocker } from "../support/docker";

/** Processes that have exited but whose parent has not reaped them hold nothing. */
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));

describe("docker cleanup", function () {
  this.timeout(240_000);

  before(function () {
    skipWithoutDocker(this);
  });

  for (const [failBy, how] of [
    ["assert", "a failing test (the after hook)"],
    ["signal", "an interrupted run (the exit handlers)"],
  ] as const) {
    it(`removes the daemon and everything it made after ${how}`, () => {
      const child = spawnSync(
        process.execPath,
        [
          path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"),
          "--no-config",
          "-r",
          "ts-node/register",
          "--exit",
          "--timeout",
          "120000",
          "test/docker/fixtures/fails-on-purpose.ts",
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 200_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", FAIL_BY: failBy } },
      );
      const output = `${child.stdout}${child.stderr}`;
      assert.notStrictEqual(child.status, 0, output);
      const made = /DAEMON (\{.*\})/.exec(output);
      assert.ok(made, `the child started a daemon and a container:\n${output}`);
      const { dir, cgroupParent, bridge, pid } = JSON.parse(made[1]) as { dir: string; cgroupParent: string; bridge: string; pid: number };
      assert.ok(!alive(pid), "dockerd stopped");
      assert.deepStrictEqual(processesOf(dir).concat(processesOf(cgroupParent)).filter(alive), [], "containerd, shims and container processes");
      assert.deepStrictEqual(mountsUnder(dir), [], "mounts");
      assert.ok(!existsSync(dir), `${dir} removed`);
      assert.deepStrictEqual(cgroupsNamed(cgroupParent), [], "cgroups");
      assert.ok(!existsSync(`/sys/class/net/${bridge}`), `bridge ${bridge} removed`);
      assert.doesNotMatch(
        execFileSync("iptables", ["-S", "FORWARD"], { encoding: "utf8" }),
        new RegExp(CONTAINER_NETWORKS.replace(/\./g, "\\.")),
        "the FORWARD rule (made where the machine forwards IPv4)",
      );
    });
  }
});
