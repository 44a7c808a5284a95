/** config/template-files.ts: which files of a template folder are deployed, under which names, and the template names it finds. */
import * as assert from "assert";
import { definedTemplates, loadTemplateFolders, unknownTemplateCalls } from "../../config/template-files";
import { folders } from "../support/routing-values";

describe("template files: loadTemplateFolders", () => {
  const load = (files: Record<string, string>, dirs = ["a"]) => loadTemplateFolders(dirs, folders(files));

  it("deploys each *.tmpl file under its own name, across folders", () => {
    const { files, issues } = load({ "a/x.tmpl": "1", "b/y.tmpl": "2" }, ["a", "b"]);
    assert.deepStrictEqual(files, [
      { path: "a/x.tmpl", text: "1", name: "x.tmpl" },
      { path: "b/y.tmpl", text: "2", name: "y.tmpl" },
    ]);
    assert.deepStrictEqual(issues, []);
  });

  it("a file whose name only contains .tmpl is not a template file", () => {
    assert.deepStrictEqual(load({ "a/x.tmpl.bak": "" }), {
      files: [],
      issues: [{ path: ["templates", "folders", 0], value: "a", message: "has no template files; put Go templates in *.tmpl files in it" }],
    });
  });

  it("refuses a second file of a name another folder already deploys, naming the first", () => {
    assert.deepStrictEqual(load({ "a/x.tmpl": "1", "b/x.tmpl": "2" }, ["a", "b"]), {
      files: [{ path: "a/x.tmpl", text: "1", name: "x.tmpl" }],
      issues: [{ file: "b/x.tmpl", path: [], value: "x.tmpl", message: "has the same name as a/x.tmpl; rename it" }],
    });
  });

  const UNUSABLE = "is not a usable file name; use letters, digits, -, _ and .";
  for (const name of ["a b.tmpl", "b+.tmpl", "é.tmpl"]) {
    it(`refuses ${JSON.stringify(name)}, which cannot be a ConfigMap key`, () => {
      assert.deepStrictEqual(load({ [`a/${name}`]: "" }), {
        files: [],
        issues: [{ file: `a/${name}`, path: [], value: name, message: UNUSABLE }],
      });
    });
  }

  it("accepts every character a ConfigMap key may hold", () => {
    assert.deepStrictEqual(
      load({ "a/A-z_0.9.tmpl": "" }).files.map((f) => f.name),
      ["A-z_0.9.tmpl"],
    );
  });
});

describe("template files: definedTemplates", () => {
  it("finds define actions with or without spaces and trim markers", () => {
    const texts = ['{{define "a"}}{{end}}', '{{- define  "b" -}}{{ end }}', '{{ define\t"c" }}{{ end }}'];
    assert.deepStrictEqual([...definedTemplates(texts)], ["a", "b", "c"]);
  });

  it("a template call is not a definition", () => {
    assert.deepStrictEqual([...definedTemplates(['{{ template "a" . }}'])], []);
  });
});

describe("template files: unknownTemplateCalls", () => {
  const message = (name: string) => `calls template "${name}", which no template file defines; define it in a file of alerting:templates.folders`;

  it("finds template calls with or without spaces and trim markers, and names each undefined one", () => {
    const text = '{{template "a" .}} {{-  template  "b" . }} {{ template "known" . }}';
    assert.deepStrictEqual(unknownTemplateCalls(text, new Set(["known"]), ["receivers", 0, "slack", "text"]), [
      { path: ["receivers", 0, "slack", "text"], value: text, message: message("a") },
      { path: ["receivers", 0, "slack", "text"], value: text, message: message("b") },
    ]);
  });

  it("looks into objects and lists, naming list entries by number", () => {
    const call = '{{ template "x" . }}';
    assert.deepStrictEqual(unknownTemplateCalls({ fields: [{ value: call }], count: 3 }, new Set(), ["receivers", 1, "discord"]), [
      { path: ["receivers", 1, "discord", "fields", 0, "value"], value: call, message: message("x") },
    ]);
  });

  it("a setting left null or unset holds no call", () => {
    assert.deepStrictEqual(unknownTemplateCalls({ title: null, text: undefined }, new Set(), ["receivers", 2, "slack"]), []);
  });
});
