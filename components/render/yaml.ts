import { stringify } from "yaml";

/** YAML as the binaries read it and reviewers diff it: no line folding, no aliases. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
