import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { credentialInNamedValue, credentialInValue, credentialsInConfigText } from "./credentials";
import { CONFIG_MAP, containersOf, describeContainer, DOCKER_CONTAINER, describeDockerContainer } from "./workloads";

/** Where a docker upload keeps credentials on purpose: files the program marks as Pulumi secrets. */
const SECRET_FILE = /\/secrets?\//;

/** A `--flag=value` argument is judged by the flag's name and the value; any other by its text. */
function credentialInArgument(arg: string): [flag: string, what: string | undefined] {
  const [flag, ...rest] = arg.split("=");
  return [flag, rest.length > 0 ? credentialInNamedValue(flag.replace(/^-+/, ""), rest.join("=")) : credentialInValue(arg)];
}

/**
 * No credential in plain text: not as a Kubernetes env literal, not in ConfigMap data (an
 * Alertmanager config must use the `*_file` fields), not in docker envs, labels, command args
 * or uploaded config files.
 */
export function noPlaintextCredentials(enforcementLevel: EnforcementLevel = "mandatory"): ResourceValidationPolicy {
  return {
    name: "no-plaintext-credentials",
    description: "Credentials reach workloads only from Secrets or secret files: never as env literals, ConfigMap data, docker envs, labels or arguments.",
    enforcementLevel,
    validateResource: (args, reportViolation) => {
      const p = args.props;
      if (args.type === CONFIG_MAP) {
        for (const [key, value] of Object.entries<unknown>({ ...p.data })) {
          const named = credentialInNamedValue(key, value);
          // Stryker disable next-line ConditionalExpression: reading a value that is not text finds nothing either
          const inText = typeof value === "string" ? credentialsInConfigText(value) : [];
          for (const what of new Set([...(named ? [named] : []), ...inText]))
            reportViolation(`ConfigMap key "${key}" holds ${what}; keep credentials in a Secret.`);
        }
        return;
      }
      if (args.type === DOCKER_CONTAINER) {
        for (const env of (p.envs ?? []) as string[]) {
          const [name, ...rest] = env.split("=");
          const what = credentialInNamedValue(name, rest.join("="));
          if (what) reportViolation(`${describeDockerContainer(args)} env ${name} holds ${what}; upload it as a secret file instead.`);
        }
        for (const label of (p.labels ?? []) as { label: string; value: string }[]) {
          const what = credentialInNamedValue(label.label, label.value);
          if (what) reportViolation(`${describeDockerContainer(args)} label ${label.label} holds ${what}.`);
        }
        for (const arg of [...(p.command ?? []), ...(p.entrypoints ?? [])] as string[]) {
          const [flag, what] = credentialInArgument(arg);
          if (what) reportViolation(`${describeDockerContainer(args)} argument ${flag} holds ${what}.`);
        }
        for (const upload of (p.uploads ?? []) as { file: string; content?: string }[]) {
          if (SECRET_FILE.test(upload.file)) continue;
          // Stryker disable next-line ConditionalExpression: reading a missing content finds nothing either
          if (typeof upload.content !== "string") continue;
          for (const what of credentialsInConfigText(upload.content)) reportViolation(`${describeDockerContainer(args)} file ${upload.file} holds ${what}.`);
        }
        return;
      }
      const refs = containersOf(args.type, p);
      if (refs.length === 0) args.notApplicable("neither a workload, a ConfigMap nor a docker container");
      for (const ref of refs) {
        for (const env of (ref.container.env ?? []) as { name: string; value?: string }[]) {
          const what = credentialInNamedValue(env.name, env.value);
          if (what) reportViolation(`${describeContainer(ref)} env ${env.name} holds ${what} as a literal; use valueFrom.secretKeyRef.`);
        }
        for (const arg of [...(ref.container.command ?? []), ...(ref.container.args ?? [])] as string[]) {
          const [flag, what] = credentialInArgument(arg);
          if (what) reportViolation(`${describeContainer(ref)} argument ${flag} holds ${what}.`);
        }
      }
    },
  };
}
