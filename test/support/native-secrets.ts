/** Blocks in Alertmanager's own schema with one secret field set, built from the field definitions (config/alertmanager-fields.ts). */
import { SecretField } from "../../config/alertmanager-fields";

/** The header name the header maps get. */
export const HEADER = "X-Secret";

/** The value a secret field takes: a map of headers, a list of header secrets, or the value itself. */
export function secretValue(field: SecretField, value: unknown): unknown {
  if (field.secret === "headers") return { [HEADER]: [value] };
  if (field.secret === "headerSecrets") return [value];
  return value;
}

/** `value` placed at a field's path inside a block; `[]` makes a one-entry list, `<header>` a header name. */
export function placed(path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const inner = rest.length === 0 ? value : rest[0] === "[]" ? [placed(rest.slice(1), value)] : placed(rest, value);
  return { [head === "<header>" ? HEADER : head]: inner };
}

/** A whole alertmanager.yml-shaped document holding the field with this value. */
export function documentWith(field: SecretField, value: unknown): Record<string, unknown> {
  const block = placed(field.path, secretValue(field, value));
  return field.in === "global" ? { global: block } : { receivers: [{ name: "r", [field.in]: [block] }] };
}

/** The field as one readable place: `slack_configs.http_config.basic_auth.password`. */
export const describeField = (field: SecretField) => `${field.in}.${field.path.join(".")}`;
