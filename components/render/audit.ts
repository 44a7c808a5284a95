/**
 * Alertmanager's event recorder (alerting:audit): its `event_recorder` block and the size bound
 * Alertmanager does not keep itself. The file output appends forever and reopens its file when the
 * file is renamed or removed (eventrecorder/file.go); the rotation sidecar beside every replica
 * renames it once it passes `maxFileSize` and keeps `maxFiles`. Pure: strings and plain objects.
 */
import { AUDIT_OVERSHOOT_FACTOR, AuditConfig, auditMaxFileBytes } from "../../config/audit";
import type { AlertingSpec } from "../../config/spec";
import { AlertmanagerPaths, auditEventsFile, credentialFile } from "./paths";

/** The feature flag Alertmanager 0.33 reads `event_recorder` under; without it the block is ignored. */
export const EVENT_RECORDER_FEATURE = "event-recorder";

/**
 * How often the sidecar looks at the file's size. A file grows past `maxFileSize` by what is written
 * in one interval: kilobytes per second in a busy cluster, far below a 1Mi file (the smallest
 * accepted); each look is one `ls` of one file.
 */
export const ROTATE_CHECK_SECONDS = 10;

/** The sidecar is a shell and a sleep: a few MiB of memory, CPU for one `ls` and a rename now and then. */
export const AUDIT_SIDECAR_RESOURCES = {
  requests: { cpu: "5m", memory: "8Mi" },
  limits: { cpu: "50m", memory: "16Mi" },
};

/** The sidecar's container name (Kubernetes) and name suffix (docker). */
export const AUDIT_SIDECAR = "audit-rotate";

/** The image's own shell (busybox in the Alertmanager image): no other image to pin, pull or patch. */
export const SIDECAR_SHELL = "/bin/sh";

/** The `event_recorder` block of alertmanager.yml, when audit is on. Credentials only as `*_file` paths. */
export function renderEventRecorder(spec: AlertingSpec, paths: AlertmanagerPaths): Record<string, unknown> | undefined {
  const audit = spec.audit;
  if (!audit.enabled) return undefined;
  const webhook = audit.webhook;
  return {
    file_outputs: [{ path: auditEventsFile(paths) }],
    ...(webhook && {
      webhook_outputs: [
        {
          url: webhook.url,
          ...(webhook.credential !== undefined && {
            http_config:
              webhook.authorization === "basic"
                ? { basic_auth: { username: webhook.username, password_file: credentialFile(paths, webhook.credential) } }
                : { authorization: { type: "Bearer", credentials_file: credentialFile(paths, webhook.credential) } },
          }),
        },
      ],
    }),
  };
}

/** A single-quoted shell word; the paths the renderers make never hold a quote. */
function shellWord(value: string): string {
  if (value.includes("'")) throw new Error(`a path with a single quote cannot go into the rotation script: ${value}`);
  return `'${value}'`;
}

/**
 * The shell function the sidecar runs at every check: when the file has reached `maxFileSize`, drop
 * the oldest rotated file, shift the others up by one and rename the file to `<file>.1`. Alertmanager
 * sees the rename and opens a new file; whatever it writes before that lands in `<file>.1`, so no
 * event is lost. `ls -ln`, not `wc -c`: busybox's wc would read the whole file.
 */
function rotateFunction(audit: AuditConfig, file: string): string {
  return [
    `f=${shellWord(file)}`,
    `max=${auditMaxFileBytes(audit)}`,
    `keep=${audit.maxFiles}`,
    "rotate() {",
    '  [ -f "$f" ] || return 0',
    '  set -- $(ls -ln "$f")',
    '  [ "$5" -ge "$max" ] || return 0',
    "  i=$((keep - 1))",
    '  rm -f "$f.$i"',
    '  while [ "$i" -gt 1 ]; do',
    '    if [ -e "$f.$((i - 1))" ]; then mv -f "$f.$((i - 1))" "$f.$i"; fi',
    "    i=$((i - 1))",
    "  done",
    '  mv -f "$f" "$f.1"',
    "}",
  ].join("\n");
}

/** One check: what the sidecar does every ROTATE_CHECK_SECONDS (the unit test runs it alone). */
export function auditRotateOnceScript(audit: AuditConfig, file: string): string {
  return `${rotateFunction(audit, file)}\nrotate\n`;
}

/**
 * The sidecar's script: check, sleep, forever. The sleep runs in the background and the shell waits
 * for it, so SIGTERM ends the sidecar at once rather than after the pod's grace period (a shell as
 * PID 1 has no default action for SIGTERM).
 */
export function auditRotateScript(audit: AuditConfig, file: string, intervalSeconds: number = ROTATE_CHECK_SECONDS): string {
  return [rotateFunction(audit, file), "trap 'exit 0' TERM INT", "while :; do", "  rotate", `  sleep ${intervalSeconds} & wait $!`, "done", ""].join("\n");
}

/**
 * The sidecar's health: the file is below AUDIT_OVERSHOOT_FACTOR times `maxFileSize`. Past that, the
 * rotation is not keeping up (or not running), and the probe says so.
 */
export function auditBoundCheck(audit: AuditConfig, file: string): string {
  const limit = AUDIT_OVERSHOOT_FACTOR * auditMaxFileBytes(audit);
  return `f=${shellWord(file)}; [ ! -f "$f" ] || { set -- $(ls -ln "$f"); [ "$5" -lt ${limit} ]; }`;
}
