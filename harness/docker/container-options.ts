/**
 * The Docker Engine API requests @pulumi/docker makes for the inputs the program registers:
 * pure translations, following the provider's own mapping (docs/docker-e2e.md lists it, with
 * where in the provider's source each one comes from).
 */
import type Docker from "dockerode";
import { isSecret } from "../../offline/program";

/** The docker.Container inputs the program uses (names as in @pulumi/docker). */
export interface ContainerInputs {
  name: string;
  image: string;
  command?: string[];
  entrypoints?: string[];
  envs?: string[];
  user?: string;
  labels?: { label: string; value: string }[];
  memory?: number;
  cpus?: string;
  restart?: string;
  logDriver?: string;
  logOpts?: Record<string, string>;
  ports?: { internal: number; external?: number; ip?: string; protocol?: string }[];
  networksAdvanced?: { name: string; aliases?: string[] }[];
  volumes?: { volumeName?: string; containerPath: string; readOnly?: boolean }[];
  uploads?: ContainerUpload[];
  healthcheck?: { tests: string[]; interval?: string; timeout?: string; startPeriod?: string; retries?: number };
  wait?: boolean;
  waitTimeout?: number;
  destroyGraceSeconds?: number;
}

export interface ContainerUpload {
  file: string;
  content?: string;
  contentBase64?: string;
  executable?: boolean;
  permissions?: string;
}

/** The provider's defaults: `wait_timeout` 60 s, its health poll every second, upload mode 0644 (0744 when `executable`). */
export const PROVIDER_DEFAULTS = { waitTimeoutSeconds: 60, healthPollMs: 1000, uploadMode: 0o644, executableUploadMode: 0o744 };

const MEBIBYTE = 1024 * 1024;
const NANOS_PER_SECOND = 1e9;
const DURATION_UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go duration (`10s`, `1m30s`, `500ms`) in nanoseconds, as the provider parses healthcheck timings; `key` names the input in errors. */
export function goDurationNs(value: string, key: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
    throw new Error(
      `${key}: not a Go duration: ${JSON.stringify(value)} (numbers each with a unit of ${Object.keys(DURATION_UNITS_NS).join(", ")}, e.g. 30s or 1m30s)`,
    );
  }
  return Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_UNITS_NS[unit], 0));
}

/** Inputs as the provider would receive them: secret wrappers removed. */
export function plainInputs<T>(value: T): T {
  if (isSecret(value)) return plainInputs(value.value) as T;
  if (Array.isArray(value)) return value.map(plainInputs) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainInputs(v)])) as T;
  return value;
}

const portKey = (port: { internal: number; protocol?: string }) => `${port.internal}/${port.protocol ?? "tcp"}`;

/**
 * The container-create request. The provider always creates on the default bridge, then (with
 * `networksAdvanced`) disconnects it and connects each listed network: see `networkConnections`.
 */
export function containerCreateOptions(inputs: ContainerInputs): Docker.ContainerCreateOptions {
  const ports = inputs.ports ?? [];
  const health = inputs.healthcheck;
  const volumes = (inputs.volumes ?? []).filter((v) => v.volumeName);
  return {
    name: inputs.name,
    Image: inputs.image,
    Tty: false,
    OpenStdin: false,
    ...(inputs.command && { Cmd: inputs.command }),
    ...(inputs.entrypoints && { Entrypoint: inputs.entrypoints }),
    ...(inputs.envs && { Env: inputs.envs }),
    ...(inputs.user && { User: inputs.user }),
    Labels: Object.fromEntries((inputs.labels ?? []).map((l) => [l.label, l.value])),
    ExposedPorts: Object.fromEntries(ports.map((p) => [portKey(p), {}])),
    Volumes: Object.fromEntries(volumes.map((v) => [v.containerPath, {}])),
    ...(health && {
      Healthcheck: {
        Test: health.tests,
        ...(health.interval && { Interval: goDurationNs(health.interval, "healthcheck.interval") }),
        ...(health.timeout && { Timeout: goDurationNs(health.timeout, "healthcheck.timeout") }),
        ...(health.startPeriod && { StartPeriod: goDurationNs(health.startPeriod, "healthcheck.startPeriod") }),
        ...(health.retries !== undefined && { Retries: health.retries }),
      },
    }),
    HostConfig: {
      Init: false,
      NetworkMode: "bridge",
      RestartPolicy: { Name: inputs.restart ?? "no", MaximumRetryCount: 0 },
      ...(inputs.memory !== undefined && { Memory: inputs.memory * MEBIBYTE }),
      ...(inputs.cpus !== undefined && { NanoCpus: Math.round(Number(inputs.cpus) * NANOS_PER_SECOND) }),
      ...(inputs.logDriver && { LogConfig: { Type: inputs.logDriver, Config: inputs.logOpts ?? {} } }),
      PortBindings: Object.fromEntries(ports.map((p) => [portKey(p), [{ HostIp: p.ip ?? "0.0.0.0", HostPort: String(p.external ?? 0) }]])),
      Binds: volumes.map((v) => `${v.volumeName}:${v.containerPath}:${v.readOnly ? "ro" : "rw"}`),
    },
  };
}

/** The network connections made after create, in order; an empty list leaves the default bridge alone. */
export function networkConnections(inputs: ContainerInputs): { network: string; endpoint: { Aliases: string[]; IPAMConfig: Record<string, string> } }[] {
  return (inputs.networksAdvanced ?? []).map((n) => ({ network: n.name, endpoint: { Aliases: n.aliases ?? [], IPAMConfig: {} } }));
}

/** One uploaded file as the provider writes it: a tar entry at its absolute path, owned by root, extracted at `/`. */
export function uploadEntry(upload: ContainerUpload): { name: string; mode: number; content: Buffer } {
  const mode = upload.permissions ? parseInt(upload.permissions, 8) : upload.executable ? PROVIDER_DEFAULTS.executableUploadMode : PROVIDER_DEFAULTS.uploadMode;
  const content = upload.contentBase64 !== undefined ? Buffer.from(upload.contentBase64, "base64") : Buffer.from(upload.content ?? "", "utf8");
  return { name: upload.file, mode, content };
}
