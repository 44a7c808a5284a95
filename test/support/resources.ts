import * as assert from "assert";
import { parse } from "yaml";
import { isSecret, RegisteredResource } from "../../offline/program";

export function byKind(resources: RegisteredResource[], kind: string): RegisteredResource[] {
  return resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === kind);
}

export function one(resources: RegisteredResource[], kind: string, name: string): any {
  const found = byKind(resources, kind).filter((r) => r.inputs.metadata?.name === name);
  assert.strictEqual(found.length, 1, `expected exactly one ${kind}/${name}, found ${found.length}`);
  return found[0].inputs;
}

export function containers(resources: RegisteredResource[]): RegisteredResource[] {
  return resources.filter((r) => r.type === "docker:index/container:Container");
}

export function container(resources: RegisteredResource[], name: string): any {
  const found = containers(resources).find((r) => r.inputs.name === name);
  assert.ok(found, `no container ${name}`);
  return found.inputs;
}

/** Names of the resources whose inputs differ between two runs of the program, sorted. */
export function changedResources(a: RegisteredResource[], b: RegisteredResource[]): string[] {
  const inputsByName = (rs: RegisteredResource[]) => new Map(rs.map((r) => [r.name, JSON.stringify(r.inputs)]));
  const before = inputsByName(a);
  return [...inputsByName(b)]
    .filter(([name, inputs]) => before.get(name) !== inputs)
    .map(([name]) => name)
    .sort();
}

export const unwrap = (value: unknown): any => (isSecret(value) ? value.value : value);

export const yamlOf = (text: string): any => parse(text);

/** Every string in `value` with the path to it, noting whether a secret wrapper encloses it. */
export function strings(value: unknown, path = "", inSecret = false): { path: string; value: string; inSecret: boolean }[] {
  if (isSecret(value)) return strings(value.value, path, true);
  if (typeof value === "string") return [{ path, value, inSecret }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`, inSecret));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`, inSecret));
  return [];
}
