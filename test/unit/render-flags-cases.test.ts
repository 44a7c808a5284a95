/** components/render/flags.ts, Prometheus' command line: the optional retention size, set and unset. */
import * as assert from "assert";
import { prometheusFlags } from "../../components/render/flags";
import { localSpec, PROM_PATHS } from "../support/render-fixtures";

const OPTIONS = { paths: PROM_PATHS, webListenAddress: ":9090", externalUrl: "https://prom.example.com" };
const flags = (prometheus: Record<string, unknown> = {}) => prometheusFlags(localSpec({ prometheus }), OPTIONS);

describe("render/flags: prometheusFlags, retention size", () => {
  it("unset: no --storage.tsdb.retention.size", () => {
    assert.deepStrictEqual(flags(), [
      "--config.file=/p/prom.yml",
      "--storage.tsdb.path=/pdata",
      "--storage.tsdb.retention.time=15d",
      "--web.listen-address=:9090",
      "--web.external-url=https://prom.example.com",
      "--web.route-prefix=/",
    ]);
  });

  it("set: the size as given, right after the retention time", () => {
    assert.deepStrictEqual(flags({ retentionSize: "40GB" }), [
      "--config.file=/p/prom.yml",
      "--storage.tsdb.path=/pdata",
      "--storage.tsdb.retention.time=15d",
      "--storage.tsdb.retention.size=40GB",
      "--web.listen-address=:9090",
      "--web.external-url=https://prom.example.com",
      "--web.route-prefix=/",
    ]);
  });

  it("set with a retention time: both flags, each its own value", () => {
    assert.deepStrictEqual(flags({ retention: "7d", retentionSize: "512MB" }).slice(2, 4), [
      "--storage.tsdb.retention.time=7d",
      "--storage.tsdb.retention.size=512MB",
    ]);
  });
});
