/** The Engine API requests the docker harness makes stand for what @pulumi/docker sends: one field changed per case. */
import * as assert from "assert";
import {
  containerCreateOptions,
  ContainerInputs,
  goDurationNs,
  networkConnections,
  plainInputs,
  removeErrorIgnored,
  stopErrorIgnored,
  uploadEntry,
} from "../../harness/docker/container-options";
import { SECRET_SIG } from "../../offline/program";

const INPUTS: ContainerInputs = {
  name: "alerting-alertmanager-0",
  image: "prom/alertmanager:v0.33.1",
  command: ["--config.file=/etc/alertmanager/config/alertmanager.yml"],
  envs: ["A=1"],
  labels: [{ label: "proven-alerting.config-hash", value: "abc" }],
  memory: 256,
  cpus: "0.5",
  restart: "unless-stopped",
  logDriver: "json-file",
  logOpts: { "max-size": "10m" },
  ports: [{ internal: 9093, external: 19093, ip: "127.0.0.1" }],
  networksAdvanced: [{ name: "alerting", aliases: ["alerting-alertmanager-0"] }],
  volumes: [{ volumeName: "alerting-alertmanager-data-0", containerPath: "/alertmanager" }],
  healthcheck: { tests: ["CMD", "wget", "-q", "http://127.0.0.1:9093/-/healthy"], interval: "10s", timeout: "3s", startPeriod: "10s", retries: 5 },
};

describe("docker harness: container create options", () => {
  it("maps every field the program sets as the provider does", () => {
    assert.deepStrictEqual(containerCreateOptions(INPUTS), {
      name: "alerting-alertmanager-0",
      Image: "prom/alertmanager:v0.33.1",
      Tty: false,
      OpenStdin: false,
      Cmd: ["--config.file=/etc/alertmanager/config/alertmanager.yml"],
      Env: ["A=1"],
      Labels: { "proven-alerting.config-hash": "abc" },
      ExposedPorts: { "9093/tcp": {} },
      Volumes: { "/alertmanager": {} },
      Healthcheck: { Test: ["CMD", "wget", "-q", "http://127.0.0.1:9093/-/healthy"], Interval: 10e9, Timeout: 3e9, StartPeriod: 10e9, Retries: 5 },
      HostConfig: {
        Init: false,
        NetworkMode: "bridge",
        RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 },
        Memory: 256 * 1024 * 1024,
        NanoCpus: 500_000_000,
        LogConfig: { Type: "json-file", Config: { "max-size": "10m" } },
        PortBindings: { "9093/tcp": [{ HostIp: "127.0.0.1", HostPort: "19093" }] },
        Binds: ["alerting-alertmanager-data-0:/alertmanager:rw"],
      },
    });
  });

  it("sends no labels, ports or volumes, and the default log driver, when those inputs are unset (as for the capture container)", () => {
    const bare = containerCreateOptions({ name: "alerting-capture", image: "node:24.21.0-alpine" });
    assert.deepStrictEqual(bare, {
      name: "alerting-capture",
      Image: "node:24.21.0-alpine",
      Tty: false,
      OpenStdin: false,
      HostConfig: { Init: false, NetworkMode: "bridge", RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, LogConfig: { Type: "", Config: null } },
    });
  });

  it("sends no log options when they are empty", () => {
    assert.deepStrictEqual(containerCreateOptions({ ...INPUTS, logOpts: {} }).HostConfig!.LogConfig, { Type: "json-file", Config: null });
  });

  it("restarts never when no policy is set", () => {
    assert.deepStrictEqual(containerCreateOptions({ ...INPUTS, restart: undefined }).HostConfig!.RestartPolicy, { Name: "no", MaximumRetryCount: 0 });
  });

  it("publishes on every address, on a random port, when ip and external are unset", () => {
    assert.deepStrictEqual(containerCreateOptions({ ...INPUTS, ports: [{ internal: 9093 }] }).HostConfig!.PortBindings, {
      "9093/tcp": [{ HostIp: "0.0.0.0", HostPort: "0" }],
    });
  });

  it("mounts a read-only volume with :ro", () => {
    assert.deepStrictEqual(containerCreateOptions({ ...INPUTS, volumes: [{ volumeName: "v", containerPath: "/d", readOnly: true }] }).HostConfig!.Binds, [
      "v:/d:ro",
    ]);
  });

  it("connects each listed network after create, with its aliases", () => {
    assert.deepStrictEqual(networkConnections(INPUTS), [{ network: "alerting", endpoint: { Aliases: ["alerting-alertmanager-0"], IPAMConfig: {} } }]);
    assert.deepStrictEqual(networkConnections({ ...INPUTS, networksAdvanced: undefined }), []);
  });

  it("connects a network without aliases with no Aliases key", () => {
    assert.deepStrictEqual(networkConnections({ ...INPUTS, networksAdvanced: [{ name: "alerting" }] }), [
      { network: "alerting", endpoint: { IPAMConfig: {} } },
    ]);
    assert.deepStrictEqual(networkConnections({ ...INPUTS, networksAdvanced: [{ name: "alerting", aliases: [] }] }), [
      { network: "alerting", endpoint: { IPAMConfig: {} } },
    ]);
  });
});

describe("docker harness: Go durations", () => {
  for (const [text, ns] of [
    ["10s", 10e9],
    ["1m30s", 90e9],
    ["500ms", 5e8],
    ["1.5h", 5400e9],
  ] as const) {
    it(`${text} is ${ns} ns`, () => assert.strictEqual(goDurationNs(text, "healthcheck.interval"), ns));
  }
  for (const text of ["", "10", "1x", "10s junk"]) {
    it(`rejects ${JSON.stringify(text)}, naming the input`, () =>
      assert.throws(() => goDurationNs(text, "healthcheck.timeout"), {
        message: `healthcheck.timeout: not a Go duration: ${JSON.stringify(text)} (numbers each with a unit of ns, us, µs, ms, s, m, h, e.g. 30s or 1m30s)`,
      }));
  }
});

describe("docker harness: uploads", () => {
  it("writes the permissions given, in octal", () => assert.strictEqual(uploadEntry({ file: "/a", content: "x", permissions: "0444" }).mode, 0o444));
  it("writes 0744 for an executable without permissions", () => assert.strictEqual(uploadEntry({ file: "/a", content: "x", executable: true }).mode, 0o744));
  it("writes 0644 by default", () => assert.strictEqual(uploadEntry({ file: "/a", content: "x" }).mode, 0o644));
  it("decodes base64 content", () =>
    assert.strictEqual(uploadEntry({ file: "/a", contentBase64: Buffer.from("hi").toString("base64") }).content.toString(), "hi"));
  it("keeps the absolute path as the entry name", () => assert.strictEqual(uploadEntry({ file: "/etc/x/y.yml", content: "" }).name, "/etc/x/y.yml"));
  it("writes a root-owned entry: no owner or group is set", () =>
    assert.deepStrictEqual(uploadEntry({ file: "/etc/x/y.yml", content: "x", permissions: "0444" }), {
      name: "/etc/x/y.yml",
      mode: 0o444,
      uid: 0,
      gid: 0,
      content: Buffer.from("x"),
    }));
});

describe("docker harness: delete", () => {
  it("goes on when the container is already stopped or gone", () => {
    assert.strictEqual(stopErrorIgnored({ statusCode: 304 }), true);
    assert.strictEqual(stopErrorIgnored({ statusCode: 404 }), true);
    assert.strictEqual(stopErrorIgnored({ statusCode: 500 }), false);
  });
  it("goes on when the container is gone or its removal is under way, and only then", () => {
    assert.strictEqual(removeErrorIgnored({ statusCode: 404 }), true);
    assert.strictEqual(removeErrorIgnored({ statusCode: 409, message: "removal of container abc is already in progress" }), true);
    assert.strictEqual(removeErrorIgnored({ statusCode: 409, message: "You cannot remove a running container abc" }), false);
    assert.strictEqual(removeErrorIgnored({ statusCode: 304 }), false);
  });
});

describe("docker harness: secret inputs", () => {
  it("unwraps secrets at any depth", () => {
    const secret = (value: unknown) => ({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
    assert.deepStrictEqual(plainInputs({ uploads: [{ file: "/s", content: secret("pw") }], wrapped: secret({ a: secret(1) }) }), {
      uploads: [{ file: "/s", content: "pw" }],
      wrapped: { a: 1 },
    });
  });
});
