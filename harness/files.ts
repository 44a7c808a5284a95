import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import * as bcrypt from "bcryptjs";
import type { FileTree } from "../components/render";
import { WEB_FILES } from "../components/render/paths";
import { basicAuthorization, renderWebConfig } from "../components/render/web";
import type { AlertingSpec } from "../config/spec";

/** Writes a file tree (relative names) under `root`. */
export function writeTree(root: string, tree: FileTree): void {
  for (const [name, content] of Object.entries(tree)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The web directory the deployed stacks get from the WebAccess component, made the same way. */
export function webFiles(spec: AlertingSpec, material: { password: string; tls?: { cert: string; key: string; ca: string } }, webDir: string): FileTree {
  return {
    [WEB_FILES.config]: renderWebConfig(spec.web, bcrypt.hashSync(material.password, 10), webDir),
    [WEB_FILES.password]: material.password,
    [WEB_FILES.probeAuthorization]: basicAuthorization(spec.web.username, material.password),
    ...(material.tls && { [WEB_FILES.cert]: material.tls.cert, [WEB_FILES.key]: material.tls.key, [WEB_FILES.ca]: material.tls.ca }),
  };
}
