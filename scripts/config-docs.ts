/**
 * npm run docs: writes docs/configuration.md from the config schema (offline/config-reference.ts),
 * the receiver field tables of docs/receivers.md from the field definitions
 * (offline/receiver-fields-doc.ts), the prod stack's routing tree into docs/routing-prod.svg
 * and docs/routing.md, and the multi-cluster topology of the stack files into docs/topology.svg. Run it after
 * changing config/ or the stack files; tests fail while a committed file is stale.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { configurationMarkdown } from "../offline/config-reference";
import { RECEIVERS_DOC, withFieldTables } from "../offline/receiver-fields-doc";
import { ROUTING_DOC, ROUTING_PICTURE, stackRoutingDiagram, withMermaid } from "../offline/routing-docs";
import { routingMermaid, routingSvg } from "../offline/routing-diagram";
import { projectTopology, TOPOLOGY_PICTURE } from "../offline/topology-docs";
import { topologySvg } from "../offline/topology-diagram";

export const CONFIGURATION_DOC = path.resolve(__dirname, "..", "docs", "configuration.md");

async function main() {
  const text = configurationMarkdown();
  writeFileSync(CONFIGURATION_DOC, text);
  console.log(`docs: wrote ${path.relative(process.cwd(), CONFIGURATION_DOC)} (${text.split("\n").length} lines)`);
  writeFileSync(RECEIVERS_DOC, withFieldTables(readFileSync(RECEIVERS_DOC, "utf8")));
  console.log(`docs: wrote the field tables in ${path.relative(process.cwd(), RECEIVERS_DOC)}`);
  const diagram = await stackRoutingDiagram("prod");
  writeFileSync(ROUTING_PICTURE, routingSvg(diagram));
  writeFileSync(ROUTING_DOC, withMermaid(readFileSync(ROUTING_DOC, "utf8"), routingMermaid(diagram)));
  console.log(`docs: wrote ${path.relative(process.cwd(), ROUTING_PICTURE)} and the routing tree in ${path.relative(process.cwd(), ROUTING_DOC)}`);
  writeFileSync(TOPOLOGY_PICTURE, topologySvg(projectTopology()));
  console.log(`docs: wrote ${path.relative(process.cwd(), TOPOLOGY_PICTURE)} (the central and satellite stack files)`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`docs: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
