/** The multi-cluster topology diagram: drawn from the stack files, well-formed, complete, and current in the docs. */
import * as assert from "assert";
import { readFileSync } from "fs";
import { XMLValidator } from "fast-xml-parser";
import { projectStacks, projectTopology, TOPOLOGY_PICTURE, topologyOf } from "../../offline/topology-docs";
import { topologySvg } from "../../offline/topology-diagram";
import { stackConfig } from "../../offline/program";
import { unescapeXml } from "../support/xml";

const attrs = (svg: string, cls: string, attr: string) =>
  [...svg.matchAll(new RegExp(`<g class="${cls}" data-${attr}="([^"]*)"`, "g"))].map((m) => unescapeXml(m[1]));
const edges = (svg: string) =>
  [...svg.matchAll(/<path class="edge" data-from="([^"]*)" data-to="([^"]*)"/g)].map((m) => `${unescapeXml(m[1])} -> ${unescapeXml(m[2])}`);

/** A local central and two satellites: one by StackReference, one by URLs. */
const LOCAL = [
  {
    stack: "laptop-central",
    values: {
      target: "local",
      web: { auth: true },
      alertmanager: { replicas: 2 },
      satellites: { host: "alerts.laptop.test", tlsSecretName: "unused", clients: [{ name: "a" }, { name: "b" }] },
      // As a stack file holds secrets: their ciphertext.
      webTlsCert: { secure: "v1:ciphertext" },
      webTlsKey: { secure: "v1:ciphertext" },
    },
  },
  {
    stack: "laptop-a",
    values: { target: "local", cluster: "a", local: { namePrefix: "sat-a", centralNetwork: "alerting" }, central: { stack: "org/alerting/laptop-central" } },
  },
  {
    stack: "laptop-b",
    values: {
      target: "local",
      local: { namePrefix: "sat-b", centralNetwork: "alerting" },
      central: { alertmanagers: ["https://am-0.alerts.laptop.test:9093", "https://am-1.alerts.laptop.test:9093"], username: "b" },
    },
  },
  { stack: "unrelated", values: { target: "local" } },
];

describe("topology diagram", () => {
  it("the project's stack files: the prod central with one box per replica, each satellite stack with an edge to every replica", () => {
    const t = projectTopology();
    const centrals = projectStacks().filter((s) => stackConfig(s).satellites);
    const satellites = projectStacks().filter((s) => stackConfig(s).central);
    assert.ok(centrals.includes("prod") && satellites.length > 0, `centrals ${centrals}, satellites ${satellites}`);
    assert.deepStrictEqual(
      t.centrals.map((c) => c.stack),
      centrals,
    );
    assert.deepStrictEqual(
      t.satellites.map((s) => s.stack),
      satellites,
    );
    const svg = topologySvg(t);
    assert.strictEqual(XMLValidator.validate(svg), true);
    const replicas = attrs(svg, "replica", "url");
    assert.deepStrictEqual(replicas, ["https://am-0.alerts.example.com", "https://am-1.alerts.example.com", "https://am-2.alerts.example.com"]);
    assert.deepStrictEqual(
      edges(svg),
      t.satellites.flatMap((s) => replicas.map((r) => `${s.cluster} -> ${r}`)),
    );
  });

  it("a local central's replicas are their aliases on its network; satellites join by StackReference or by URL; other stacks are left out", () => {
    const t = topologyOf(LOCAL);
    assert.deepStrictEqual(t.centrals[0].replicaUrls, ["https://am-0.alerts.laptop.test:9093", "https://am-1.alerts.laptop.test:9093"]);
    assert.deepStrictEqual(
      t.satellites.map((s) => [s.stack, s.cluster, s.central, s.source]),
      [
        ["laptop-a", "a", "laptop-central", "stack reference"],
        ["laptop-b", "laptop-b", "laptop-central", "config"],
      ],
    );
    const svg = topologySvg(t);
    assert.strictEqual(XMLValidator.validate(svg), true);
    assert.deepStrictEqual(attrs(svg, "satellite", "cluster"), ["a", "laptop-b"]);
    assert.strictEqual(edges(svg).length, 4);
    assert.match(unescapeXml(svg), /HTTPS, basic auth as user "b"/);
  });

  it("a satellite whose central is not among the stack files names its URLs instead of drawing edges", () => {
    const svg = topologySvg(topologyOf([LOCAL[2]]));
    assert.deepStrictEqual(edges(svg), []);
    assert.match(svg, /laptop-b also sends to https:\/\/am-1\.alerts\.laptop\.test:9093/);
  });

  it("docs/topology.svg is what npm run docs writes", () => {
    assert.ok(readFileSync(TOPOLOGY_PICTURE, "utf8") === topologySvg(projectTopology()), "docs/topology.svg is stale: run npm run docs");
  });
});
