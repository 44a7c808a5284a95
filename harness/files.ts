import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import * as bcrypt from "bcryptjs";
import type { FileTree } from "../components/render";
import { webDirectoryFiles } from "../components/render/web";
import type { AlertingSpec } from "../config/spec";

/** Writes a file tree (relative names) under `root`. */
export function writeTree(root: string, tree: FileTree): void {
  for (const [name, content] of Object.entries(tree)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The web directory the deployed stacks get from the WebAccess component, built by the same function. */
export function webFiles(spec: AlertingSpec, material: { password: string; tls?: { cert: string; key: string; ca: string } }, webDir: string): FileTree {
  return webDirectoryFiles(spec.web, { ...material, passwordHash: bcrypt.hashSync(material.password, 10) }, webDir);
}
