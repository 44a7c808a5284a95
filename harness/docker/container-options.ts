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
  /** Wait after start until the container stops (a one-shot); `logs` keeps its output. */
  attach?: boolean;
  logs?: boolean;
  /** False: a stopped container is left alone (the provider's default, true, would start it again after a refresh). */
  mustRun?: boolean;
}

export interface ContainerUpload {
  file: string;
  content?: string;
  contentBase64?: string;
  executable?: boolean;
  permissions?: string;
}

/**
 * The provider's defaults: `wait_timeout` 60 s, its health poll every second, upload mode 0644
 * (0744 when `executable`), and the create timeout (20 min) that bounds an `attach` wait.
 */
export const PROVIDER_DEFAULTS = { waitTimeoutSeconds: 60, healthPollMs: 1000, uploadMode: 0o644, executableUploadMode: 0o744, createTimeoutSeconds: 1200 };

const MEBIBYTE = 1024 * 1024;
/** uid and gid 0: a tar entry without ids is extracted as root's. */
const ROOT_ID = 0;
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
 * Like the provider, it sends a list or map only when the input is set and not empty (log options as
 * `null`, as Go encodes an unset map).
 */
export function containerCreateOptions(inputs: ContainerInputs): Docker.ContainerCreateOptions {
  const ports = inputs.ports ?? [];
  const health = inputs.healthcheck;
  const volumes = (inputs.volumes ?? []).filter((v) => v.volumeName);
  const labels = inputs.labels ?? [];
  return {
    name: inputs.name,
    Image: inputs.image,
    Tty: false,
    OpenStdin: false,
    ...(inputs.command && { Cmd: inputs.command }),
    ...(inputs.entrypoints && { Entrypoint: inputs.entrypoints }),
    ...(inputs.envs && { Env: inputs.envs }),
    ...(inputs.user && { User: inputs.user }),
    ...(labels.length > 0 && { Labels: Object.fromEntries(labels.map((l) => [l.label, l.value])) }),
    ...(ports.length > 0 && { ExposedPorts: Object.fromEntries(ports.map((p) => [portKey(p), {}])) }),
    ...(volumes.length > 0 && { Volumes: Object.fromEntries(volumes.map((v) => [v.containerPath, {}])) }),
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
      LogConfig: { Type: inputs.logDriver ?? "", Config: inputs.logOpts && Object.keys(inputs.logOpts).length > 0 ? inputs.logOpts : null },
      ...(ports.length > 0 && {
        PortBindings: Object.fromEntries(ports.map((p) => [portKey(p), [{ HostIp: p.ip ?? "0.0.0.0", HostPort: String(p.external ?? 0) }]])),
      }),
      ...(volumes.length > 0 && { Binds: volumes.map((v) => `${v.volumeName}:${v.containerPath}:${v.readOnly ? "ro" : "rw"}`) }),
    },
  };
}

/**
 * The network connections made after create, in order; an empty list leaves the default bridge alone.
 * Without aliases there is no `Aliases` key: Go leaves an empty list out of the request.
 */
export function networkConnections(inputs: ContainerInputs): { network: string; endpoint: { Aliases?: string[]; IPAMConfig: Record<string, string> } }[] {
  return (inputs.networksAdvanced ?? []).map((n) => ({
    network: n.name,
    endpoint: { ...(n.aliases && n.aliases.length > 0 && { Aliases: n.aliases }), IPAMConfig: {} },
  }));
}

/**
 * One uploaded file as the provider writes it: a tar entry at its absolute path, extracted at `/`.
 * Owned by root: the program sets no upload `owner` or `group`, and the provider then writes no
 * ids into the entry.
 */
export function uploadEntry(upload: ContainerUpload): { name: string; mode: number; uid: number; gid: number; content: Buffer } {
  const mode = upload.permissions ? parseInt(upload.permissions, 8) : upload.executable ? PROVIDER_DEFAULTS.executableUploadMode : PROVIDER_DEFAULTS.uploadMode;
  const content = upload.contentBase64 !== undefined ? Buffer.from(upload.contentBase64, "base64") : Buffer.from(upload.content ?? "", "utf8");
  return { name: upload.file, mode, uid: ROOT_ID, gid: ROOT_ID, content };
}

const HTTP_NOT_MODIFIED = 304;
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;

/** On delete the provider goes on when the container is already stopped (the daemon answers 304) or already gone. */
export function stopErrorIgnored(err: { statusCode?: number }): boolean {
  return err.statusCode === HTTP_NOT_MODIFIED || err.statusCode === HTTP_NOT_FOUND;
}

/** On delete the provider goes on when the container is already gone or its removal is already under way. */
export function removeErrorIgnored(err: { statusCode?: number; message?: string }): boolean {
  return err.statusCode === HTTP_NOT_FOUND || (err.statusCode === HTTP_CONFLICT && /is already in progress/.test(err.message ?? ""));
}
