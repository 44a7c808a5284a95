/** Paths, a topology and a spec builder the renderer tests share. */
import type { Topology } from "../../components/render";
import { AlertingSpec, buildSpec } from "../../config/spec";

export const AM_PATHS = { configFile: "/c/am.yml", templatesDir: "/c/t", secretsDir: "/c/s", storageDir: "/data", webDir: "/c/web" };
export const PROM_PATHS = { configFile: "/p/prom.yml", rulesDir: "/p/rules", secretsDir: "/p/secrets", storageDir: "/pdata", webDir: "/p/web" };
export const TOPOLOGY: Topology = {
  alertmanagerPaths: AM_PATHS,
  prometheusPaths: PROM_PATHS,
  alertmanagerAddresses: ["am-0:9093", "am-1:9093"],
  prometheusAddresses: ["localhost:9090"],
};

/** A local-target spec: `secrets` are set as secret config keys. */
export function localSpec(values: Record<string, unknown> = {}, secrets: Record<string, string> = {}): AlertingSpec {
  return buildSpec({ values: { target: "local", ...values, ...secrets }, secretKeys: new Set(Object.keys(secrets)) });
}
