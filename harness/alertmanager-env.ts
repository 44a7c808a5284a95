/** The environment the harness runs Alertmanager with. */
import * as path from "path";
import { alertmanagerEnv } from "../components/render/flags";
import type { AlertmanagerPaths } from "../components/render/paths";
import type { AlertingSpec } from "../config/spec";

/**
 * The deployed environment (alertmanagerEnv) and, for a proxied kind, trust in the tunnel's CA
 * (Go reads SSL_CERT_FILE). The caller's AWS settings are left out: they would outrank the stand-in's.
 */
export function harnessAlertmanagerEnv(spec: AlertingSpec, paths: AlertmanagerPaths, workDir: string, tunnelCaFile?: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...inherited,
    AWS_CONFIG_FILE: path.join(workDir, "no-aws-config"),
    ...alertmanagerEnv(spec, paths),
    ...(tunnelCaFile && { SSL_CERT_FILE: tunnelCaFile }),
  };
}
