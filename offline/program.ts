/**
 * Runs the real index.ts under Pulumi's mock runtime (no CLI, no cloud) with a stack's
 * Pulumi.<stack>.yaml, and returns every resource it registered. Used by the stack tests,
 * `npm run render`, `npm run policy` and the benchmark.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../config/errors";
import { credentialKeys, parseConfig } from "../config/spec";
import { DEFAULT_REPLICAS } from "../config/defaults";
import { centralOutputsFromConfig } from "../config/satellites";

export const ROOT = path.resolve(__dirname, "..");
const PROJECT = "alerting";
/** How the mock monitor hands a secret input to newResource. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface RegisteredResource {
  type: string;
  name: string;
  /** Name of the parent resource, if any. */
  parent?: string;
  /** Names of the resources it depends on (`dependsOn` and inputs from other resources). */
  dependsOn: string[];
  deleteBeforeReplace: boolean;
  custom: boolean;
  /** Inputs as the engine would receive them: secrets wrapped in the secret signature. */
  inputs: any;
}

/** A program that threw; `resources` is what it registered before it did. */
export type ProgramError = Error & { resources: RegisteredResource[] };

export interface ProgramRun {
  resources: RegisteredResource[];
  outputs: Record<string, unknown>;
  /** Names of the stack outputs that are Pulumi secrets. */
  secretOutputs: string[];
}

export interface ProgramOptions {
  stack: string;
  /** Replace or add `alerting:` keys (structured values as objects). */
  config?: Record<string, unknown>;
  /** Credentials set as if with `pulumi config set --secret`. */
  secrets?: Record<string, string>;
  /** Give every credential the configuration names a fake secret value (`fake-<key>`). */
  fakeSecrets?: boolean;
  /** Drop these `alerting:` keys from the stack file. */
  unset?: string[];
  /** The program to run instead of index.ts (a variant, e.g. in the policy tests). */
  program?: string;
  /**
   * Outputs of stacks a StackReference names (`<org>/<project>/<stack>`). Unset for a stack: those
   * its Pulumi.<stack>.yaml leads to (a central's satellite access), with fake secrets.
   */
  stackOutputs?: Record<string, Record<string, unknown>>;
}

/** What a StackReference to `name` reads: the given outputs, else those the referenced stack's file leads to. */
function referencedStack(name: string, given: ProgramOptions["stackOutputs"]): Record<string, unknown> {
  if (given?.[name]) return { outputs: given[name], secretOutputNames: [] };
  const stack = name.slice(name.lastIndexOf("/") + 1);
  let config;
  try {
    config = parseConfig(stackConfig(stack));
  } catch {
    return { outputs: {}, secretOutputNames: [] };
  }
  return centralOutputsFromConfig(config, DEFAULT_REPLICAS[config.target], fakeSecret) ?? { outputs: {}, secretOutputNames: [] };
}

/** Outputs a provider would compute, for the resources whose outputs the program reads. */
const PROVIDER_OUTPUTS: Record<string, (name: string, inputs: Record<string, any>) => Record<string, unknown>> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: `mock${name.replace(/\W/g, "")}`.padEnd(inputs.length, "x").slice(0, inputs.length),
  }),
  "random:index/randomString:RandomString": (name, inputs) => ({ result: `salt${name.replace(/\W/g, "")}`.padEnd(inputs.length, "x").slice(0, inputs.length) }),
};

export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === SECRET_SIG_VALUE;
}

/**
 * `alerting:` values from a YAML document in any of the forms users write them: a stack file
 * (`config:` holding `alerting:<key>`), prefixed keys at the top, or bare keys. Other
 * namespaces' keys (`kubernetes:context`, ...) are not ours and are left out.
 */
export function alertingValues(doc: unknown, file: string): Record<string, unknown> {
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: is not a YAML map of alerting: keys`);
  const entries = Object.entries("config" in doc ? ((doc as { config: unknown }).config ?? {}) : doc);
  const prefix = `${CONFIG_NAMESPACE}:`;
  const values: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key.startsWith(prefix)) values[key.slice(prefix.length)] = value;
    else if (!key.includes(":")) values[key] = value;
  }
  return values;
}

export function stackConfig(stack: string): Record<string, unknown> {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  return alertingValues(parse(readFileSync(file, "utf8")), file);
}

export function fakeSecret(key: string): string {
  return `fake-${key}-value`;
}

function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

export async function runProgram(options: ProgramOptions): Promise<ProgramRun> {
  const values = { ...stackConfig(options.stack), ...options.config };
  for (const key of options.unset ?? []) delete values[key];
  const secrets = {
    ...(options.fakeSecrets
      ? Object.fromEntries(
          credentialKeys(values)
            .filter((k) => !(k in values))
            .map((k) => [k, fakeSecret(k)]),
        )
      : {}),
    ...options.secrets,
  };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...values, ...secrets })) {
    config[`${CONFIG_NAMESPACE}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }

  const resources: RegisteredResource[] = [];
  const parents = new Map<string, string>();
  const dependencies = new Map<string, string[]>();
  const deleteFirst = new Set<string>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs, dependsOn: [], deleteBeforeReplace: false });
        const outputs =
          args.type === "pulumi:pulumi:StackReference"
            ? referencedStack(args.inputs.name, options.stackOutputs)
            : PROVIDER_OUTPUTS[args.type]?.(args.name, args.inputs);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputs } };
      },
      call: () => ({}),
    },
    PROJECT,
    options.stack,
    false,
  );
  // MockResourceArgs carries no parent or dependencies; the request the monitor receives does.
  const settings = require("@pulumi/pulumi/runtime/settings");
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    const key = `${req.getType()}::${req.getName()}`;
    if (req.getParent()) parents.set(key, urnName(req.getParent()));
    dependencies.set(key, (req.getDependenciesList() as string[]).map(urnName));
    if (req.getDeletebeforereplace()) deleteFirst.add(key);
    return register(req, callback);
  };
  pulumi.runtime.setAllConfig(
    config,
    Object.keys(secrets).map((k) => `${CONFIG_NAMESPACE}:${k}`),
  );

  const program = path.resolve(ROOT, options.program ?? "index.ts");
  // Only the program reads config and registers resources when loaded; the modules below it are
  // pure, so they stay loaded (a fresh load per run would recompile the whole tree every time).
  for (const entry of [program, path.join(ROOT, "index.ts")]) delete require.cache[require.resolve(entry)];
  let exported: Record<string, unknown>;
  try {
    exported = require(program);
  } catch (err) {
    await waitForRegistrations(resources);
    throw Object.assign(err as Error, { resources });
  }
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(exported)) {
    if (!pulumi.Output.isInstance(value)) {
      outputs[key] = value;
      continue;
    }
    outputs[key] = await new Promise((resolve) => value.apply(resolve));
    if (await pulumi.isSecret(value)) secretOutputs.push(key);
  }
  await waitForRegistrations(resources);
  for (const r of resources) {
    r.parent = parents.get(`${r.type}::${r.name}`);
    r.dependsOn = dependencies.get(`${r.type}::${r.name}`) ?? [];
    r.deleteBeforeReplace = deleteFirst.has(`${r.type}::${r.name}`);
  }
  return { resources, outputs, secretOutputs };
}

/**
 * A stack as `pulumi up` would run it: a local stack needs no credential (the capture container
 * stands in), other targets get a fake value for every credential they name.
 */
export function runStack(stack: string, options: Omit<ProgramOptions, "stack" | "fakeSecrets"> = {}): Promise<ProgramRun> {
  return runProgram({ stack, fakeSecrets: stackConfig(stack).target !== "local", ...options });
}

/** Registrations settle asynchronously; wait until no new resource arrives for a few ticks (bounded). */
async function waitForRegistrations(resources: RegisteredResource[]): Promise<void> {
  let last = -1;
  for (let i = 0; i < 200 && last !== resources.length; i++) {
    last = resources.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
