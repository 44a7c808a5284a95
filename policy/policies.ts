/** The pack's policies, in the order they are reported. Levels can be changed per policy in the pack config. */
import { Policies } from "@pulumi/policy";
import { alertmanagerHighAvailability } from "./alertmanager-ha";
import { healthProbes, pinnedImages } from "./images-and-probes";
import { noPlaintextCredentials } from "./plaintext-credentials";
import { leastPrivilegeRbac } from "./rbac";
import { resourceLimits } from "./resource-limits";
import { alertmanagerConnectionsSecure } from "./satellites";

export const PACK_NAME = "proven-alerting";

export const policies: Policies = [
  resourceLimits(),
  noPlaintextCredentials(),
  leastPrivilegeRbac(),
  pinnedImages(),
  healthProbes(),
  alertmanagerHighAvailability(),
  alertmanagerConnectionsSecure(),
];
