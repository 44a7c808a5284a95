/**
 * The routing tree the program renders, as the real amtool reads it: team isolation, a route three
 * levels deep, `continue`, and every time interval field; and a template file that does not parse.
 */
import * as assert from "assert";
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { binaries, Binaries } from "../../harness/binaries";
import { buildSpec } from "../../config/spec";
import { projectFolderReader } from "../../config/rule-folders";
import { ROOT } from "../../offline/program";
import { run } from "../support/exec";
import { tempDir } from "../support/files";

const TEAM_CREDENTIALS = ["checkoutCatchallUrl", "checkoutPagerUrl", "checkoutDbUrl", "searchCatchallUrl"];

/** The e2e team files under the stack's own routes, with `continue` at two levels and every time interval field. */
const VALUES = {
  target: "local",
  receivers: [{ name: "default" }, { name: "audit" }, { name: "oncall" }],
  route: { receiver: "default" },
  routes: [
    { matchers: ['audit="true"'], receiver: "audit", continue: true },
    { matchers: ['severity="critical"'], receiver: "oncall", muteTimeIntervals: ["every-field"] },
  ],
  inhibitRules: [],
  timeIntervals: [
    {
      name: "every-field",
      intervals: [
        {
          times: [{ start: "00:00", end: "06:00" }],
          weekdays: ["monday:friday"],
          daysOfMonth: [1, "-3:-1", "7:-1"],
          months: ["january:march", 12],
          years: [2026, "2027:2030"],
          location: "Europe/Paris",
        },
      ],
    },
  ],
  teams: { folder: "test/e2e/fixtures/teams" },
};

describe("routing as amtool reads it (teams, depth, continue, time intervals)", function () {
  this.timeout(60_000);
  let bin: Binaries;
  const tmp = tempDir("routing-amtool");
  const config = path.join(tmp.dir, "alertmanager.yml");

  before(() => {
    bin = binaries();
    const spec = buildSpec({
      values: { ...VALUES, ...Object.fromEntries(TEAM_CREDENTIALS.map((k) => [k, "https://hooks.example.com/x"])) },
      secretKeys: new Set(TEAM_CREDENTIALS),
      readFolder: projectFolderReader(ROOT),
    });
    const paths = { configFile: config, templatesDir: path.join(tmp.dir, "templates"), secretsDir: tmp.dir, storageDir: tmp.dir, webDir: tmp.dir };
    writeFileSync(config, renderAlertmanagerConfig(spec, { paths }));
  });
  after(() => tmp.remove());

  it("amtool check-config accepts the tree, every time interval field included", () => {
    const result = run(bin.amtool, ["check-config", config]);
    assert.strictEqual(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
  });

  const receiversFor = (labels: Record<string, string>) => {
    const result = run(bin.amtool, ["config", "routes", "test", `--config.file=${config}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
    assert.strictEqual(result.status, 0, result.output);
    // The first line is the receivers; a warning about --alertmanager.url may follow.
    return result.output.split("\n")[0].trim().split(",").sort();
  };

  const TABLE: [string, Record<string, string>, string[]][] = [
    ["Watchdog: nowhere", { alertname: "Watchdog", team: "checkout" }, ["null"]],
    ["checkout's alert: checkout's catch-all", { alertname: "A", team: "checkout" }, ["checkout/checkout-catchall"]],
    ["search's alert: search's catch-all", { alertname: "A", team: "search" }, ["search/search-catchall"]],
    ["search's critical alert: never checkout's pager", { alertname: "A", team: "search", severity: "critical" }, ["search/search-catchall"]],
    ["checkout's critical alert: its pager", { alertname: "A", team: "checkout", severity: "critical" }, ["checkout/checkout-pager"]],
    [
      "three levels deep: the payments db receiver",
      { team: "checkout", severity: "critical", service: "payments", component: "db" },
      ["checkout/checkout-payments-db"],
    ],
    [
      "two levels deep, no third match: the inherited pager",
      { team: "checkout", severity: "critical", service: "payments", component: "api" },
      ["checkout/checkout-pager"],
    ],
    ["no team: the stack's routes, continue reaching the next", { alertname: "A", audit: "true", severity: "critical" }, ["audit", "oncall"]],
    ["an unknown team: the stack's routes", { alertname: "A", team: "nobody" }, ["default"]],
  ];
  for (const [title, labels, expected] of TABLE) {
    it(title, () => assert.deepStrictEqual(receiversFor(labels), expected));
  }

  it("a template file that does not parse fails amtool check-config, naming the file", () => {
    const broken = path.join(tmp.dir, "templates");
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, "broken.tmpl"), '{{ define "x" }}{{ .Status ');
    const result = run(bin.amtool, ["check-config", config]);
    assert.notStrictEqual(result.status, 0, result.output);
    assert.match(result.output, /broken\.tmpl/);
  });
});
