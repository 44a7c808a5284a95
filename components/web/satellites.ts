/**
 * What a central gives its satellites and what a satellite takes from its central, on either target:
 * the replicas' URLs (plain) and the CA and passwords (secrets), from config or a StackReference.
 */
import * as pulumi from "@pulumi/pulumi";
import { CENTRAL_OUTPUTS, SatelliteAccess } from "../../config/satellites";
import type { AlertingSpec } from "../../config/spec";

/** What a central exports: the replicas' URLs (plain) and, as a secret, the CA and each client's password. */
export function satelliteAccess(spec: AlertingSpec, passwords: pulumi.Output<Record<string, string>>, secrets: Record<string, pulumi.Output<string>>) {
  const caKey = spec.satellites?.caCredential;
  const access: pulumi.Output<SatelliteAccess> = pulumi
    .all([passwords, caKey ? secrets[caKey] : undefined])
    .apply(([p, ca]) => ({ passwords: p, ...(ca !== undefined && { ca }) }));
  return { alertmanagers: spec.satellites?.alertmanagers ?? [], access: pulumi.secret(access) };
}

/** The central's URLs and this satellite's secret files, from config or from the central stack's outputs. */
export function centralAccess(name: string, spec: AlertingSpec, parent: pulumi.Resource) {
  const central = spec.central!;
  const ref = central.stack ? new pulumi.StackReference(`${name}-central`, { name: central.stack }, { parent }) : undefined;
  const access = ref ? pulumi.secret(ref.getOutput(CENTRAL_OUTPUTS.access) as pulumi.Output<SatelliteAccess | undefined>) : undefined;
  const alertmanagers: pulumi.Output<string[]> = central.alertmanagers
    ? pulumi.output(central.alertmanagers)
    : (ref!.getOutput(CENTRAL_OUTPUTS.alertmanagers) as pulumi.Output<string[] | undefined>).apply((urls) => urls ?? []);
  // Whether a CA is exported is no secret; the CA itself stays one.
  const exportsCa = access ? pulumi.unsecret(access.apply((a) => typeof a?.ca === "string")) : pulumi.output(false);
  const fromStack = (file: string, value: (a: SatelliteAccess) => string | undefined, what: string) =>
    access!.apply((a) => {
      const v = a ? value(a) : undefined;
      if (v === undefined) throw new Error(`the central stack ${central.stack} exports no ${what} (output ${CENTRAL_OUTPUTS.access})`);
      return [file, v] as const;
    });
  const files = [
    ...(central.password.from === "stack"
      ? [
          fromStack(
            central.password.file,
            (a) => a.passwords[central.username],
            `password for satellite "${central.username}"; add it to alerting:satellites.clients there`,
          ),
        ]
      : []),
  ];
  const ca = central.ca?.from === "stack" ? access!.apply((a) => (a?.ca === undefined ? [] : [[central.ca!.file, a.ca] as const])) : pulumi.output([]);
  const stackFiles = pulumi.all([pulumi.all(files), ca]).apply(([f, c]) => Object.fromEntries([...f, ...c]));
  return { alertmanagers, exportsCa, stackFiles };
}
