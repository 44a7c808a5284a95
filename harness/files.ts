import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import type { FileTree } from "../components/render";

/** Writes a file tree (relative names) under `root`. */
export function writeTree(root: string, tree: FileTree): void {
  for (const [name, content] of Object.entries(tree)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
