/**
 * The layering as a rule the build keeps: config -> render -> components -> index, the policy pack
 * on its own, the offline toolkit and the harness beside the program, and nothing imports test/.
 */
import * as assert from "assert";
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { ROOT } from "../../offline/program";

/** Top-level area -> the areas its files may import (its own always allowed). */
const ALLOWED: Record<string, string[]> = {
  config: [],
  "components/render": ["config"],
  components: ["components/render", "config"],
  "index.ts": ["components", "components/render", "config"],
  policy: [],
  capture: [],
  // The silence reconciler runs on its own in a node container: plain CommonJS, no imports.
  reconcile: [],
  offline: ["config", "components/render", "components"],
  harness: ["offline", "config", "components/render", "components", "capture"],
  proof: ["harness", "offline", "config", "components/render", "components", "capture"],
  import: ["proof", "harness", "offline", "config", "components/render", "components", "capture"],
  // The benchmark times npm run import (bench/import-speed.ts) as it times the program.
  bench: ["harness", "offline", "config", "components/render", "components", "capture", "import"],
  // What the on-call engineer reads: the notification view, npm run preview, the sandbox and its page.
  preview: ["harness", "offline", "config", "components/render", "components", "capture"],
  scripts: ["harness", "offline", "config", "components/render", "components", "capture", "policy", "proof", "import", "preview"],
  test: [
    "harness",
    "offline",
    "config",
    "components/render",
    "components",
    "capture",
    "policy",
    "scripts",
    "bench",
    "proof",
    "import",
    "index.ts",
    "reconcile",
    "preview",
  ],
};

/** The most specific area a repository-relative path belongs to. */
function areaOf(relative: string): string | undefined {
  const posixPath = relative.split(path.sep).join("/");
  return Object.keys(ALLOWED)
    .filter((area) => posixPath === area || posixPath.startsWith(`${area}/`))
    .sort((a, b) => b.length - a.length)[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Relative imports and requires of a source text. */
function relativeImports(text: string): string[] {
  const found = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return [...new Set(found)];
}

function violations(files: { file: string; text: string }[]): string[] {
  return files.flatMap(({ file, text }) => {
    const from = areaOf(path.relative(ROOT, file));
    if (!from) return [];
    return relativeImports(text).flatMap((spec) => {
      const to = areaOf(path.relative(ROOT, path.resolve(path.dirname(file), spec)));
      if (!to || to === from || ALLOWED[from].includes(to)) return [];
      return [`${path.relative(ROOT, file)} imports ${spec} (${from} -> ${to})`];
    });
  });
}

describe("import direction", () => {
  const files = [
    ...Object.keys(ALLOWED)
      .filter((a) => a !== "index.ts")
      .flatMap((area) => sourceFiles(path.join(ROOT, area))),
    path.join(ROOT, "index.ts"),
  ].map((file) => ({
    file,
    text: readFileSync(file, "utf8"),
  }));

  it("scans the whole program (at least 60 files)", () => assert.ok(files.length >= 60, `${files.length}`));

  it("every import follows the layering; nothing imports test/", () => {
    assert.deepStrictEqual(violations(files), []);
  });

  it("a file importing against the layering is reported (the check can fail)", () => {
    const file = path.join(ROOT, "config", "example.ts");
    assert.deepStrictEqual(violations([{ file, text: 'import { x } from "../components/render/y";\nconst t = require("../test/support/z");' }]), [
      "config/example.ts imports ../components/render/y (config -> components/render)",
      "config/example.ts imports ../test/support/z (config -> test)",
    ]);
    assert.deepStrictEqual(violations([{ file: path.join(ROOT, "harness", "a.ts"), text: 'import "../test/support/files";' }]), [
      "harness/a.ts imports ../test/support/files (harness -> test)",
    ]);
  });
});
