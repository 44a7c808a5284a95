import * as assert from "assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { FolderReader, loadRuleFolders, projectFolderReader, ProjectFile } from "../../config/rule-folders";

const GROUPS = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n";
const reader =
  (files: ProjectFile[]): FolderReader =>
  () =>
    files;

describe("rule folders: loadRuleFolders", () => {
  it("takes *.yml and *.yaml as rule files and *.test.yml and *.test.yaml as tests, nothing else", () => {
    const files = ["a.yml", "b.yaml", "a.test.yml", "b.test.yaml", "c.yml.orig", "c.test.yml.orig", "README.md"].map((name) => ({
      path: `rules/${name}`,
      text: GROUPS,
    }));
    const loaded = loadRuleFolders(["rules"], reader(files));
    assert.deepStrictEqual(loaded.issues, []);
    assert.deepStrictEqual(
      loaded.ruleFiles.map((r) => r.file),
      ["rules/a.yml", "rules/b.yaml"],
    );
    assert.deepStrictEqual(
      loaded.testFiles.map((t) => t.path),
      ["rules/a.test.yml", "rules/b.test.yaml"],
    );
  });

  it("a folder holding only tests has no rule files, and says so with its key", () => {
    const loaded = loadRuleFolders(["x", "rules/only-tests"], (folder) =>
      folder === "x" ? [{ path: "x/a.yml", text: GROUPS }] : [{ path: `${folder}/a.test.yml`, text: "" }],
    );
    assert.deepStrictEqual(loaded.issues, [
      {
        path: ["rules", "folders", 1],
        value: "rules/only-tests",
        message: "has no rule files; put Prometheus rule files or PrometheusRule manifests (*.yml) in it",
      },
    ]);
  });

  it("a file that is not YAML is named, with the first line of the parser's message", () => {
    const loaded = loadRuleFolders(["rules"], reader([{ path: "rules/a.yml", text: "groups: [" }]));
    assert.deepStrictEqual(loaded.issues, [
      {
        file: "rules/a.yml",
        line: 1,
        path: [],
        message: "is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      },
    ]);
  });
});

describe("rule folders: projectFolderReader", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "rule-folders-"));
    writeFileSync(path.join(dir, "b.yml"), "b");
    writeFileSync(path.join(dir, "a.yml"), "a");
    mkdirSync(path.join(dir, "c.yml"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the files of a folder given with a trailing slash, not its subfolders, under their project paths", () => {
    const read = projectFolderReader(path.dirname(dir));
    assert.deepStrictEqual(read(`${path.basename(dir)}/`), [
      { path: `${path.basename(dir)}/a.yml`, text: "a" },
      { path: `${path.basename(dir)}/b.yml`, text: "b" },
    ]);
  });
});
