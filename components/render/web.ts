/**
 * The web config both servers load with --web.config.file (Prometheus exporter-toolkit format):
 * basic auth users with bcrypt hashes, and TLS when configured. Pure: the hash comes in.
 */
import type { AlertingSpec, WebSpec } from "../../config/spec";
import { WEB_FILES } from "./paths";
import { toYaml } from "./yaml";

/**
 * `users`: more basic-auth users by name, each with its bcrypt hash (a central's satellites).
 * exporter-toolkit reads this file on every request, so a user removed from it is refused at once.
 */
export function renderWebConfig(web: WebSpec, passwordHash: string, webDir: string, users: Record<string, string> = {}): string {
  return toYaml({
    ...(web.tls && { tls_server_config: { cert_file: `${webDir}/${WEB_FILES.cert}`, key_file: `${webDir}/${WEB_FILES.key}` } }),
    basic_auth_users: { ...users, [web.username]: passwordHash },
  });
}

/** The Authorization header value probes and health checks send. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export interface WebMaterial {
  password: string;
  passwordHash: string;
  /** More users' bcrypt hashes by name: a central's satellites, on Alertmanager only. */
  users?: Record<string, string>;
  /** Server certificate and key; `ca` is what clients trust (the certificate itself when absent). */
  tls?: { cert: string; key: string; ca?: string };
}

/** The files of one server's web directory (WEB_FILES): what the stacks deploy and the harness runs. */
export function webDirectoryFiles(web: WebSpec, material: WebMaterial, webDir: string): Record<string, string> {
  return {
    [WEB_FILES.config]: renderWebConfig(web, material.passwordHash, webDir, material.users),
    [WEB_FILES.password]: material.password,
    [WEB_FILES.probeAuthorization]: basicAuthorization(web.username, material.password),
    ...(material.tls && { [WEB_FILES.cert]: material.tls.cert, [WEB_FILES.key]: material.tls.key, [WEB_FILES.ca]: material.tls.ca ?? material.tls.cert }),
  };
}

export const webScheme = (web: WebSpec) => (web.tls ? "https" : "http");

/** The health check both targets run when every path needs credentials: the image's busybox wget, header read from the mounted file. */
export function probeCommand(spec: AlertingSpec, port: number, webDir: string, path: string): string {
  const insecure = spec.web.tls ? "--no-check-certificate " : "";
  return `wget -q -O /dev/null ${insecure}--header "Authorization: $(cat ${webDir}/${WEB_FILES.probeAuthorization})" ${webScheme(spec.web)}://127.0.0.1:${port}${path}`;
}
