/** components/render/flags.ts: Prometheus' optional retention size, and Alertmanager's start delay kept in step with Prometheus' resends. */
import * as assert from "assert";
import { ALERT_RESEND_DELAY, alertmanagerFlags, dispatchStartDelay, prometheusFlags } from "../../components/render/flags";
import { AM_PATHS, localSpec, PROM_PATHS } from "../support/render-fixtures";

const OPTIONS = { paths: PROM_PATHS, webListenAddress: ":9090", externalUrl: "https://prom.example.com" };
const flags = (prometheus: Record<string, unknown> = {}) => prometheusFlags(localSpec({ prometheus }), OPTIONS);

describe("render/flags: prometheusFlags, retention size", () => {
  it("unset: no --storage.tsdb.retention.size", () => {
    assert.deepStrictEqual(flags(), [
      "--config.file=/p/prom.yml",
      "--storage.tsdb.path=/pdata",
      "--storage.tsdb.retention.time=15d",
      "--rules.alert.resend-delay=1m",
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
      "--rules.alert.resend-delay=1m",
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

describe("render/flags: Alertmanager's --dispatch.start-delay", () => {
  const amFlags = (values: Record<string, unknown>) =>
    alertmanagerFlags(localSpec(values), { paths: AM_PATHS, webListenAddress: ":9093", externalUrl: "http://am", clusterListenAddress: "", peers: [] });

  it("unset: Prometheus' resend delay plus two evaluation intervals, the resend delay being the one Prometheus is given", () => {
    assert.strictEqual(ALERT_RESEND_DELAY, "1m");
    assert.ok(flags().includes(`--rules.alert.resend-delay=${ALERT_RESEND_DELAY}`));
    assert.strictEqual(dispatchStartDelay(localSpec()), "120s");
    assert.strictEqual(dispatchStartDelay(localSpec({ prometheus: { evaluationInterval: "15s" } })), "90s");
    assert.strictEqual(dispatchStartDelay(localSpec({ prometheus: { evaluationInterval: "1m30s" } })), "240s");
    assert.strictEqual(dispatchStartDelay(localSpec({ prometheus: { evaluationInterval: "250ms" } })), "60.5s");
    assert.ok(amFlags({ prometheus: { evaluationInterval: "15s" } }).includes("--dispatch.start-delay=90s"));
  });

  it("set: the value given, in seconds (Go durations have no d or w), 0s switching the delay off", () => {
    // The schema validates the key (config tests); here only what the renderer makes of it.
    const withDelay = (value: string, prometheus: Record<string, unknown> = {}) => {
      const spec = localSpec({ prometheus });
      return { ...spec, alertmanager: { ...spec.alertmanager, dispatchStartDelay: value } };
    };
    assert.strictEqual(dispatchStartDelay(withDelay("0s")), "0s");
    assert.strictEqual(dispatchStartDelay(withDelay("3m", { evaluationInterval: "15s" })), "180s");
    assert.strictEqual(dispatchStartDelay(withDelay("1d")), "86400s");
    const o = { paths: AM_PATHS, webListenAddress: ":9093", externalUrl: "http://am", clusterListenAddress: "", peers: [] };
    assert.ok(alertmanagerFlags(withDelay("0s"), o).includes("--dispatch.start-delay=0s"));
  });
});
