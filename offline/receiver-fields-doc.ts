/**
 * The field tables of docs/receivers.md ("Alertmanager's own schema"), generated from the field
 * definitions in config/alertmanager-fields.ts: `npm run docs` rewrites the part between the
 * markers; a unit test fails while the committed text differs.
 */
import * as path from "path";
import { FieldDef, GLOBAL_FIELDS, NATIVE_KINDS, RECEIVER_KINDS, Scalar, Section, SECTIONS } from "../config/alertmanager-fields";
import { GLOBAL_OWNED_ELSEWHERE } from "../config/native-config";

export const BEGIN = "<!-- generated: receiver fields (npm run docs) -->";
export const END = "<!-- end of generated receiver fields -->";
export const RECEIVERS_DOC = path.join(__dirname, "..", "docs", "receivers.md");

const SCALARS: Record<Scalar, string> = {
  string: "text",
  bool: "true / false",
  int: "whole number",
  duration: "duration (`30s`, `5m`)",
  strings: "list of text",
  map: "map of text",
  any: "any YAML (Alertmanager's own structure)",
};

function accepts(def: FieldDef): [string, string] {
  if (typeof def === "string") return [SCALARS[def], "as written"];
  if ("secret" in def) {
    if (!def.file) return ["**refused**: no file form in Alertmanager 0.33", "-"];
    return [`secret ${def.secret === "url" ? "URL" : "value"}: \`{ credential: <key> }\` only`, `\`${def.file}\``];
  }
  if ("type" in def) return [`${SCALARS[def.type]}, or \`{ credential: <key> }\``, `as written, or \`${def.file}\``];
  if ("section" in def) return [`map: [\`${def.section}\`](#${def.section})`, "as written"];
  if ("list" in def) return [`list of [\`${def.list}\`](#${def.list})`, "as written"];
  return ["header name -> `{ values: [...], secrets: [{ credential: <key> }] }`", "`secrets` as `files`"];
}

function table(section: Section): string {
  const rows = Object.entries(section).map(([name, def]) => {
    const [what, rendered] = accepts(def);
    return `| \`${name}\` | ${what} | ${rendered} |`;
  });
  return ["| field | accepts | in alertmanager.yml |", "|---|---|---|", ...rows].join("\n");
}

export function receiverFieldsMarkdown(): string {
  const global = Object.fromEntries(Object.entries(GLOBAL_FIELDS).filter(([k]) => !(k in GLOBAL_OWNED_ELSEWHERE))) as Section;
  return [
    BEGIN,
    "",
    "### global",
    "",
    "`alerting:global` (`resolve_timeout` is `alerting:resolveTimeout`).",
    "",
    table(global),
    "",
    ...NATIVE_KINDS.flatMap((kind) => [`### ${kind}`, "", table(RECEIVER_KINDS[kind]), ""]),
    "### Sections",
    "",
    ...Object.entries(SECTIONS).flatMap(([name, section]) => [`#### ${name}`, "", table(section), ""]),
    END,
  ].join("\n");
}

/** The document with its generated part replaced. */
export function withFieldTables(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${RECEIVERS_DOC}: has no ${BEGIN} ... ${END} markers`);
  return `${doc.slice(0, start)}${receiverFieldsMarkdown()}${doc.slice(end + END.length)}`;
}
