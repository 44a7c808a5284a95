/**
 * npm run render -- --stack <dev|prod> [--out DIR]
 * Evaluates the real program offline (Pulumi mock runtime, fake secrets) and writes what it
 * would deploy, secrets redacted. Layout: DESIGN.md section 2 / README "Commands".
 */
import { mkdirSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { toYaml } from "../components/render/yaml";
import { parseArgs } from "./lib/args";
import { deployedFiles, redact, unwrapSecrets } from "./lib/deployed";
import { KUBERNETES_SCHEMA_VERSION, validateKubernetesObject } from "./lib/kubernetes-schema";
import { ProgramRun, ROOT, runStack } from "./lib/program";

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
  for (const [name, content] of Object.entries(files.prometheus)) put(`prometheus/${name}`, content);
  for (const r of run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
    const inputs = redact(r.inputs) as Record<string, any>;
    if (r.type.startsWith("kubernetes:")) {
      put(`kubernetes/${inputs.kind}-${inputs.metadata.name}.yaml`, toYaml(inputs));
    } else if (r.type.startsWith("docker:")) {
      const kind = r.type.slice(r.type.lastIndexOf(":") + 1).toLowerCase();
      put(`docker/${kind}-${String(inputs.name).replace(/[/:]/g, "_")}.json`, `${JSON.stringify(inputs, null, 2)}\n`);
    }
  }
  put(
    "resources.json",
    `${JSON.stringify(run.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent ?? null, inputs: redact(r.inputs) })), null, 2)}\n`,
  );
  return written;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { stack: true, out: false });
  const out = path.resolve(args.out ?? path.join(ROOT, "out", args.stack));
  const run = await runStack(args.stack);
  const written = writeRender(run, out);
  console.log(`render: stack ${args.stack}: ${run.resources.length} resources, ${written.length} files in ${path.relative(process.cwd(), out) || "."}`);
  for (const file of written.sort()) console.log(`  ${file}`);
  const manifests = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.custom && r.inputs.kind);
  if (manifests.length > 0) {
    const errors = manifests.map((r) => validateKubernetesObject(unwrapSecrets(r.inputs))).filter((r) => r.error);
    console.log(`render: ${manifests.length} Kubernetes objects checked against the Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema: ${errors.length} errors`);
    for (const e of errors) console.log(`  ${e.object}: ${e.error}`);
    if (errors.length > 0) process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`render: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
