/** amtool's view of rendered receivers: every templated field, rendered with the deployed template files. */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { run } from "./exec";

/** Every string in an alertmanager.yml's receivers that holds a template action. */
export function templatedFields(configFile: string): string[] {
  const fields = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === "string" && value.includes("{{")) fields.add(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(parse(readFileSync(configFile, "utf8")).receivers);
  return [...fields];
}

/** The fields `amtool template render` fails on with the templates of `glob`, each with amtool's output. */
export function unrenderable(amtool: string, glob: string, fields: string[]): string[] {
  return fields.flatMap((text) => {
    const result = run(amtool, ["template", "render", `--template.glob=${glob}`, `--template.text=${text}`]);
    return result.status === 0 ? [] : [`${text}\n${result.output}`];
  });
}
