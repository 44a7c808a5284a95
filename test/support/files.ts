/** Writes deployed file trees under a temporary root, as the containers would see them. */
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { FileTree } from "../../components/render";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../../components/render/paths";
import type { DeployedFiles } from "../../offline/deployed-files";
import { writeTree } from "../../harness/files";

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Materialized {
  alertmanagerConfig: string;
  prometheusConfig: string;
  rulesDir: string;
  secretsDir: string;
}

/**
 * The deployed files, byte for byte except that the container paths `/etc/alertmanager` and
 * `/etc/prometheus` are re-rooted under `root` (the only edit: a mount point, not config).
 */
export function materialize(files: DeployedFiles, root: string): Materialized {
  const reroot = (text: string) => text.replace(/(^|[\s'"[])\/etc\/(alertmanager|prometheus)\//gm, `$1${root}/etc/$2/`);
  const am = CONTAINER_ALERTMANAGER_PATHS;
  const prom = CONTAINER_PROMETHEUS_PATHS;
  const split = (tree: FileTree, prefix: string) =>
    Object.fromEntries(
      Object.entries(tree)
        .filter(([n]) => n.startsWith(prefix))
        .map(([n, c]) => [n.slice(prefix.length), reroot(c)]),
    );
  const top = (tree: FileTree) =>
    Object.fromEntries(
      Object.entries(tree)
        .filter(([n]) => !n.includes("/"))
        .map(([n, c]) => [n, reroot(c)]),
    );
  writeTree(path.join(root, path.posix.dirname(am.configFile)), top(files.alertmanager));
  writeTree(path.join(root, am.templatesDir), split(files.alertmanager, "templates/"));
  writeTree(path.join(root, path.posix.dirname(prom.configFile)), top(files.prometheus));
  writeTree(path.join(root, prom.rulesDir), split(files.prometheus, "rules/"));
  mkdirSync(path.join(root, am.secretsDir), { recursive: true });
  return {
    alertmanagerConfig: path.join(root, am.configFile),
    prometheusConfig: path.join(root, prom.configFile),
    rulesDir: path.join(root, prom.rulesDir),
    secretsDir: path.join(root, am.secretsDir),
  };
}
