/**
 * Every secret field of Alertmanager's own schema (config/alertmanager-fields.ts), fed a known
 * fake value through the whole program: it comes out only inside Pulumi secret values, and
 * alertmanager.yml names its file at the field's `*_file` twin.
 */
import * as assert from "assert";
import { parse } from "yaml";
import { secretFields } from "../../config/alertmanager-fields";
import { deployedFiles } from "../../offline/deployed-files";
import { runPolicies } from "../../offline/policy-runner";
import { policies } from "../../policy/policies";
import { runProgram, stackConfig } from "../../offline/program";
import { describeField, placed, secretValue } from "../support/native-secrets";
import { strings } from "../support/resources";

const canary = (key: string) => `native-canary-${key}-5e1d`;
const FILE_DIR = "/etc/alertmanager/secrets/";

/** Merges blocks key by key, so many secret fields sit in one entry. */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    if (Array.isArray(mine) && Array.isArray(v)) out[k] = [merge(mine[0] as Record<string, unknown>, v[0] as Record<string, unknown>)];
    else if (mine && typeof mine === "object" && v && typeof v === "object") out[k] = merge(mine as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

describe("leak test: every secret field of Alertmanager's own schema", function () {
  this.timeout(120_000);
  const fields = secretFields().filter((f) => f.file !== undefined);
  const keyOf = (i: number) => `nativeSecret${i}`;
  let global: Record<string, unknown> = {};
  const entries: Record<string, Record<string, unknown>> = {};
  fields.forEach((f, i) => {
    const block = placed(f.path, secretValue(f, { credential: keyOf(i) }));
    if (f.in === "global") global = merge(global, block);
    else entries[f.in] = merge(entries[f.in] ?? {}, block);
  });
  const receivers = [{ name: "null" }, { name: "every-secret", ...Object.fromEntries(Object.entries(entries).map(([kind, entry]) => [kind, [entry]])) }];
  const values = { target: "kubernetes", global, route: { receiver: "every-secret" }, receivers, routes: [], inhibitRules: [], timeIntervals: [] };
  const secrets = Object.fromEntries(fields.map((_, i) => [keyOf(i), canary(keyOf(i))]));
  let run: Awaited<ReturnType<typeof runProgram>>;

  before(async () => {
    const unset = Object.keys(stackConfig("prod")).filter((k) => !(k in values) && k !== "kubernetes");
    run = await runProgram({ stack: "prod", config: values, unset, secrets });
  });

  it("feeds every secret field that has a file form (more than 170 places)", () => {
    assert.ok(fields.length > 170, `${fields.length}`);
  });

  it("every value reaches a resource, and only inside a secret value", () => {
    const found = run.resources.flatMap((r) => strings(r.inputs, r.name).filter((s) => s.value.includes("native-canary-")));
    for (const key of Object.keys(secrets))
      assert.ok(
        found.some((s) => s.value.includes(canary(key))),
        `${key} never deployed`,
      );
    assert.deepStrictEqual(
      found.filter((s) => !s.inSecret).map((s) => s.path),
      [],
    );
  });

  it("alertmanager.yml holds every field as its *_file twin naming the key's file, and no value", () => {
    const text = deployedFiles(run.resources).alertmanager["alertmanager.yml"];
    assert.doesNotMatch(text, /native-canary-/);
    const am = parse(text);
    fields.forEach((f, i) => {
      const start = f.in === "global" ? am.global : am.receivers.find((r: { name: string }) => r.name === "every-secret")[f.in][0];
      const parent = f.path.slice(0, -1).reduce((v: any, k) => v?.[k === "[]" ? 0 : k === "<header>" ? "X-Secret" : k], start);
      const rendered = parent?.[f.file!];
      const expected = `${FILE_DIR}${keyOf(i)}`;
      assert.ok(Array.isArray(rendered) ? rendered.includes(expected) : rendered === expected, `${describeField(f)}: ${JSON.stringify(rendered)}`);
    });
  });

  it("the policy pack finds no plaintext credential in what is deployed", async () => {
    const policy = await runPolicies(run.resources, policies);
    assert.deepStrictEqual(
      policy.violations.filter((v) => v.policy === "no-plaintext-credentials"),
      [],
    );
  });
});
