/** docs/remote-write.md as written: its stack snippet renders the remote_write the page shows, and promtool accepts it. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { kubernetesTopology } from "../../components/kubernetes/names";
import { PROMETHEUS_CONFIG_FILE, renderAll } from "../../components/render";
import { buildSpec, credentialKeys } from "../../config/spec";
import { binaries } from "../../harness/binaries";
import { writeTree } from "../../harness/files";
import { alertingValues, ROOT, stackConfig } from "../../offline/program";
import { run } from "../support/exec";
import { prometheusPathsIn } from "../../harness/work-paths";
import { tempDir } from "../support/files";

const PAGE = readFileSync(path.join(ROOT, "docs", "remote-write.md"), "utf8");
const block = (label: string) => [...PAGE.matchAll(/```yaml( \S+)?\n([\s\S]*?)```/g)].find((m) => (m[1]?.trim() ?? "") === label)![2];

describe("docs/remote-write.md: the worked example, as written", () => {
  const values = { ...stackConfig("prod"), ...alertingValues(parse(block("Pulumi.prod.yaml")), "Pulumi.prod.yaml") };
  const credentials = Object.fromEntries(credentialKeys(values).map((k) => [k, `example-${k}`]));
  const spec = buildSpec({ values: { ...values, ...credentials }, secretKeys: new Set(Object.keys(credentials)) });

  it("its credentials are the secret keys the page sets, read by Prometheus", () => {
    assert.deepStrictEqual(
      spec.scrapeCredentials.map((c) => c.key),
      ["mimirPassword", "thanosToken"],
    );
  });

  it("renders the remote_write the page shows", () => {
    const rendered = parse(renderAll(spec, kubernetesTopology(spec)).prometheus[PROMETHEUS_CONFIG_FILE]);
    assert.deepStrictEqual(rendered.remote_write, parse(block("")).remote_write);
  });

  it("promtool check config accepts it", function () {
    this.timeout(30_000);
    const tmp = tempDir("docs-remote-write");
    try {
      const paths = prometheusPathsIn(tmp.dir);
      writeTree(path.dirname(paths.configFile), renderAll(spec, { ...kubernetesTopology(spec), prometheusPaths: paths }).prometheus);
      writeTree(paths.secretsDir, credentials);
      writeTree(paths.webDir, { password: "example" });
      const result = run(binaries().promtool, ["check", "config", paths.configFile]);
      assert.strictEqual(result.status, 0, result.output);
    } finally {
      tmp.remove();
    }
  });
});
