/**
 * A Prometheus that sends alerts out of its own cluster (a satellite to its central) does so over
 * TLS and with credentials read from files: a rendered prometheus.yml sits in a ConfigMap or a
 * docker upload, where an inline password is readable by anyone who can read the config.
 */
import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import { CONFIG_MAP, DOCKER_CONTAINER } from "./workloads";

/** Addresses that never leave the machine. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/;
/** In-cluster Service and pod names (the cluster network), and single-label names (a docker network's containers). */
const CLUSTER_LOCAL = /\.svc(\.cluster\.local)?$|^[^.]+$/;
/** Inline credential fields of Prometheus' HTTP client config, each with the field that reads a file instead. */
const INLINE_FIELDS: [path: string[], instead: string][] = [
  [["basic_auth", "password"], "basic_auth.password_file"],
  [["authorization", "credentials"], "authorization.credentials_file"],
  [["oauth2", "client_secret"], "oauth2.client_secret_file"],
  [["tls_config", "key"], "tls_config.key_file"],
];

const hostOf = (target: string) => target.replace(/:\d+$/, "");
const leavesTheCluster = (target: string) => !LOOPBACK.test(hostOf(target)) && !CLUSTER_LOCAL.test(hostOf(target));
const field = (o: unknown, path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);

/** The problems of one prometheus.yml's alertmanagers entries; none when the text is not a Prometheus config. */
export function alertmanagerConnectionProblems(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const entries = field(doc, ["alerting", "alertmanagers"]);
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry: Record<string, unknown>, i) => {
    const targets = ((entry.static_configs ?? []) as { targets?: string[] }[]).flatMap((c) => c.targets ?? []);
    const remote = targets.filter(leavesTheCluster);
    const problems: string[] = [];
    if (remote.length > 0 && entry.scheme !== "https") {
      problems.push(`alertmanagers[${i}] sends to ${remote.join(", ")} without TLS; use scheme: https`);
    }
    if (remote.length > 0 && field(entry, ["tls_config", "insecure_skip_verify"]) === true) {
      problems.push(`alertmanagers[${i}] sends to ${remote.join(", ")} without checking its certificate; drop insecure_skip_verify and set tls_config.ca_file`);
    }
    for (const [path, instead] of INLINE_FIELDS) {
      if (field(entry, path) !== undefined) problems.push(`alertmanagers[${i}] has an inline ${path.join(".")}; use ${instead}`);
    }
    return problems;
  });
}

export function alertmanagerConnectionsSecure(enforcementLevel: EnforcementLevel = "mandatory"): ResourceValidationPolicy {
  return {
    name: "alertmanager-connections-secure",
    description:
      "A Prometheus config sending alerts to an Alertmanager outside its cluster (a satellite to its central) uses https, checks the certificate and reads its credentials from files.",
    enforcementLevel,
    validateResource: (args, reportViolation) => {
      const p = args.props;
      if (args.type === CONFIG_MAP) {
        for (const [key, value] of Object.entries<unknown>({ ...p.data })) {
          if (typeof value === "string") for (const problem of alertmanagerConnectionProblems(value)) reportViolation(`ConfigMap key "${key}": ${problem}.`);
        }
        return;
      }
      if (args.type === DOCKER_CONTAINER) {
        for (const upload of (p.uploads ?? []) as { file: string; content?: string }[]) {
          if (typeof upload.content === "string")
            for (const problem of alertmanagerConnectionProblems(upload.content)) reportViolation(`file ${upload.file}: ${problem}.`);
        }
        return;
      }
      args.notApplicable("neither a ConfigMap nor a docker container");
    },
  };
}
