/**
 * What `npm run render` writes: the deployed files, Kubernetes objects or docker specs, and the
 * resources listing, from one program run, every secret redacted.
 */
import { mkdirSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { ALERTMANAGER_CONFIG_FILE } from "../components/render";
import { toYaml } from "../components/render/yaml";
import { deployedFiles, redact } from "./deployed-files";
import type { ProgramRun } from "./program";
import { routingDiagram, routingMermaid, routingSvg } from "./routing-diagram";

/** The routing tree drawn, beside the configuration it is drawn from. */
export const ROUTING_SVG = "routing.svg";
export const ROUTING_MERMAID = "routing.mmd";

function write(file: string, content: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export function writeRender(run: ProgramRun, out: string): string[] {
  rmSync(out, { recursive: true, force: true });
  const written: string[] = [];
  const put = (relative: string, content: string) => {
    write(path.join(out, relative), content);
    written.push(relative);
  };
  const files = deployedFiles(run.resources);
  for (const [name, content] of Object.entries(files.alertmanager)) put(`alertmanager/${name}`, content);
  const diagram = routingDiagram(files.alertmanager[ALERTMANAGER_CONFIG_FILE]);
  put(`alertmanager/${ROUTING_SVG}`, routingSvg(diagram));
  put(`alertmanager/${ROUTING_MERMAID}`, routingMermaid(diagram));
  for (const [name, content] of Object.entries(files.prometheus)) put(`prometheus/${name}`, content);
  for (const r of run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
    const inputs = redact(r.inputs) as Record<string, any>;
    if (r.type.startsWith("kubernetes:")) {
      // Namespaced objects by namespace: the discovery Roles share one name across namespaces.
      const folder = inputs.metadata.namespace ? `kubernetes/${inputs.metadata.namespace}` : "kubernetes";
      put(`${folder}/${inputs.kind}-${inputs.metadata.name}.yaml`, toYaml(inputs));
    } else if (r.type.startsWith("docker:")) {
      const kind = r.type.slice(r.type.lastIndexOf(":") + 1).toLowerCase();
      put(`docker/${kind}-${String(inputs.name).replace(/[/:]/g, "_")}.json`, `${JSON.stringify(inputs, null, 2)}\n`);
    }
  }
  put(
    "resources.json",
    `${JSON.stringify(
      run.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent ?? null, inputs: redact(r.inputs) })),
      null,
      2,
    )}\n`,
  );
  return written;
}
