/** The routing tree drawn by `npm run render` and embedded in the docs: well-formed, complete, and current. */
import * as assert from "assert";
import { readFileSync } from "fs";
import { XMLValidator } from "fast-xml-parser";
import { parse } from "yaml";
import { ALERTMANAGER_CONFIG_FILE } from "../../components/render";
import { deployedFiles } from "../../offline/deployed-files";
import { runStack } from "../../offline/program";
import { routingDiagram, routingMermaid, routingSvg } from "../../offline/routing-diagram";
import { ROUTING_DOC, ROUTING_PICTURE, withMermaid } from "../../offline/routing-docs";
import { unescapeXml } from "../support/xml";

interface Route {
  receiver?: string;
  matchers?: string[];
  routes?: Route[];
}
const walk = (r: Route): Route[] => [r, ...(r.routes ?? []).flatMap(walk)];

for (const stack of ["dev", "prod"]) {
  describe(`routing diagram (${stack})`, () => {
    let yml: string;
    let svg: string;

    before(async () => {
      yml = deployedFiles((await runStack(stack)).resources).alertmanager[ALERTMANAGER_CONFIG_FILE];
      svg = routingSvg(routingDiagram(yml));
    });

    it("is well-formed SVG with one box per route, named by its matchers", () => {
      assert.strictEqual(XMLValidator.validate(svg), true);
      const routes = walk((parse(yml) as { route: Route }).route);
      const boxes = [...svg.matchAll(/<g class="route" data-matchers="([^"]*)"/g)].map((m) => unescapeXml(m[1]));
      assert.strictEqual(boxes.length, routes.length);
      for (const route of routes.slice(1)) assert.ok(boxes.includes(route.matchers!.join(", ")), `no box for ${route.matchers}`);
    });

    it("names every receiver a route sends to, with its integrations (or that it delivers nothing)", () => {
      const routes = walk((parse(yml) as { route: Route }).route);
      const text = unescapeXml(svg);
      for (const receiver of new Set(routes.flatMap((r) => (r.receiver ? [r.receiver] : [])))) {
        assert.match(text, new RegExp(`receiver: ${receiver} \\([\\w, ]+\\)`), receiver);
      }
    });
  });
}

describe("routing diagram in the docs", () => {
  it("docs/routing-prod.svg and the Mermaid block of docs/routing.md are what npm run docs writes", async () => {
    const diagram = routingDiagram(deployedFiles((await runStack("prod")).resources).alertmanager[ALERTMANAGER_CONFIG_FILE]);
    assert.ok(readFileSync(ROUTING_PICTURE, "utf8") === routingSvg(diagram), "docs/routing-prod.svg is stale: run npm run docs");
    const doc = readFileSync(ROUTING_DOC, "utf8");
    assert.ok(doc === withMermaid(doc, routingMermaid(diagram)), "the routing tree in docs/routing.md is stale: run npm run docs");
  });

  it("the Mermaid version is a left-to-right flowchart with one node per route and an edge to each child", () => {
    const mermaid = routingMermaid({
      root: { title: "every alert", lines: ['receiver: "x"'], children: [{ title: 'a="1"', lines: [], children: [] }] },
      timeIntervals: [],
    });
    assert.strictEqual(mermaid, 'flowchart LR\n  r0["<b>every alert</b><br/>receiver: #quot;x#quot;"]\n  r1["<b>a=#quot;1#quot;</b>"]\n  r0 --> r1\n');
  });
});
