/**
 * Team files and template files through the whole program, on both targets: what reaches the
 * ConfigMap, the StatefulSet's volume and the docker uploads, and what is refused before any
 * resource is registered.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT, runProgram } from "../../offline/program";
import { itRejects } from "../support/invalid-config";
import { container, one, unwrap } from "../support/resources";

const CONFIG = { teams: { folder: "test/e2e/fixtures/teams" }, templates: { folders: ["test/e2e/fixtures/templates"] } };
const CUSTOM_TEMPLATE = readFileSync(path.join(ROOT, "test/e2e/fixtures/templates/custom.tmpl"), "utf8");
const TEAM_NODES = ['team="checkout"', 'team="search"'];

describe("stack: team files and template files", () => {
  it("prod: the ConfigMap holds both template files, the volume mounts both, and the tree holds the teams", async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true, config: CONFIG });
    const data = one(run.resources, "ConfigMap", "alertmanager-config").data;
    assert.strictEqual(data["custom.tmpl"], CUSTOM_TEMPLATE);
    assert.ok(data["notifications.tmpl"].includes('define "slack.alerting.text"'));
    const volumes = one(run.resources, "StatefulSet", "alertmanager").spec.template.spec.volumes;
    assert.deepStrictEqual(volumes.find((v: { name: string }) => v.name === "templates").configMap.items, [
      { key: "notifications.tmpl", path: "notifications.tmpl" },
      { key: "custom.tmpl", path: "custom.tmpl" },
    ]);
    const routes = parse(data["alertmanager.yml"]).route.routes;
    assert.deepStrictEqual(
      routes.slice(1, 3).map((r: { matchers: string[] }) => r.matchers[0]),
      TEAM_NODES,
    );
    const secret = Object.keys(unwrap(one(run.resources, "Secret", "alertmanager-credentials").stringData));
    for (const key of ["checkoutCatchallUrl", "checkoutPagerUrl", "checkoutDbUrl", "searchCatchallUrl"]) assert.ok(secret.includes(key), key);
  });

  it("dev: the Alertmanager container gets both template files and the teams' tree", async () => {
    const run = await runProgram({ stack: "dev", config: CONFIG });
    const uploads = Object.fromEntries(
      (unwrap(container(run.resources, "alerting-alertmanager-0").uploads) as { file: string; content: string }[]).map((u) => [u.file, u.content]),
    );
    const template = Object.keys(uploads).find((f) => f.endsWith("/templates/custom.tmpl"));
    assert.ok(template, Object.keys(uploads).join(", "));
    assert.strictEqual(uploads[template], CUSTOM_TEMPLATE);
    const config = parse(uploads[Object.keys(uploads).find((f) => f.endsWith("alertmanager.yml"))!]);
    assert.deepStrictEqual(
      config.route.routes.slice(1, 3).map((r: { matchers: string[] }) => r.matchers[0]),
      TEAM_NODES,
    );
  });

  describe("refused before any resource is registered", () => {
    itRejects([
      {
        title: "a call to a template no file defines",
        config: { receivers: [{ name: "null" }, { name: "slack-alerts", slack: { channel: "#a", text: '{{ template "nope" . }}' } }], routes: [] },
        expect: ['alerting:receivers[1].slack.text: "{{ template \\"nope\\" . }}" calls template "nope", which no template file defines'],
      },
      {
        title: "days_of_month: [32]",
        config: { timeIntervals: [{ name: "t", intervals: [{ daysOfMonth: [32] }] }] },
        expect: ['alerting:timeIntervals[0].intervals[0].daysOfMonth[0]: "32" is not a day of the month'],
      },
      {
        title: "a team route trying to escape its matcher",
        config: { teams: { folder: "test/unit/fixtures/teams-escape" } },
        expect: ['test/unit/fixtures/teams-escape/checkout.yaml: routes[0].matchers: "team=~\\".*\\"" would match alerts outside the team'],
      },
    ]);
  });
});
