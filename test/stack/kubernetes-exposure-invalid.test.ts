/** Invalid ingress, scheduling and storage knobs: the whole program refuses them, naming the key, the value and what is accepted, before any resource exists. */
import { stackConfig } from "../../offline/program";
import { itRejects } from "../support/invalid-config";

const prod = stackConfig("prod") as Record<string, Record<string, unknown>>;
const scheduling = (workload: string, settings: object) => ({ kubernetes: { ...prod.kubernetes, scheduling: { [workload]: settings } } });
const ingress = (settings: object) => ({ kubernetes: { ...prod.kubernetes, ingress: settings } });
const AM = "alerting:kubernetes.scheduling.alertmanager";

describe("stack (prod, Kubernetes): invalid exposure, scheduling and storage knobs", () => {
  itRejects([
    {
      title: "a toleration operator Kubernetes does not have",
      config: scheduling("alertmanager", { tolerations: [{ key: "dedicated", operator: "Equals", value: "monitoring" }] }),
      expect: [`${AM}.tolerations[0].operator: "Equals" is not accepted; use one of Equal, Exists`],
    },
    {
      title: "a toleration with operator Exists and a value",
      config: scheduling("alertmanager", { tolerations: [{ key: "dedicated", operator: "Exists", value: "monitoring" }] }),
      expect: [`${AM}.tolerations[0].value: "monitoring" is set with operator Exists, which matches any value; remove value, or use operator Equal`],
    },
    {
      title: "a toleration effect Kubernetes does not have",
      config: scheduling("alertmanager", { tolerations: [{ key: "dedicated", value: "monitoring", effect: "NoScheduleEver" }] }),
      expect: [`${AM}.tolerations[0].effect: "NoScheduleEver" is not accepted; use one of NoSchedule, PreferNoSchedule, NoExecute`],
    },
    {
      title: "a toleration with operator Equal and no key",
      config: scheduling("alertmanager", { tolerations: [{ value: "monitoring" }] }),
      expect: [
        `${AM}.tolerations[0]: {"operator":"Equal","value":"monitoring"} has no key, which operator Equal needs; name the taint key, or use operator Exists without a key to tolerate every taint`,
      ],
    },
    {
      title: "tolerationSeconds without effect NoExecute",
      config: scheduling("alertmanager", { tolerations: [{ key: "dedicated", value: "monitoring", effect: "NoSchedule", tolerationSeconds: 60 }] }),
      expect: [`${AM}.tolerations[0].tolerationSeconds: 60 only applies to effect NoExecute; set effect: NoExecute or remove tolerationSeconds`],
    },
    {
      title: "a node selector key that is not a label key",
      config: scheduling("prometheus", { nodeSelector: { "node role": "monitoring" } }),
      expect: [
        'alerting:kubernetes.scheduling.prometheus.nodeSelector.node role: "node role" is not a Kubernetes label key; use e.g. kubernetes.io/os or node-role.kubernetes.io/monitoring (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)',
      ],
    },
    {
      title: "a priority class name that is not a DNS subdomain",
      config: scheduling("prometheus", { priorityClassName: "Alerting_Critical" }),
      expect: [
        'alerting:kubernetes.scheduling.prometheus.priorityClassName: "Alerting_Critical" is not a DNS subdomain; use lower-case letters, digits, - and ., starting and ending with a letter or digit, at most 253 characters',
      ],
    },
    {
      title: "maxSkew 0",
      config: scheduling("alertmanager", { maxSkew: 0 }),
      expect: [`${AM}.maxSkew: 0 is out of range; use a whole number from 1 to 9`],
    },
    {
      title: "an Ingress host that is a URL, not a DNS name",
      config: ingress({ alertmanager: { host: "https://alertmanager.example.com" } }),
      expect: [
        'alerting:kubernetes.ingress.alertmanager.host: "https://alertmanager.example.com" is not a DNS name; use a host such as alertmanager.example.com (lower-case letters, digits, - and ., no IP address, no wildcard)',
      ],
    },
    {
      title: "an Ingress host that is an IP address",
      config: ingress({ prometheus: { host: "10.0.0.7" } }),
      expect: ['alerting:kubernetes.ingress.prometheus.host: "10.0.0.7" is not a DNS name'],
    },
    {
      title: "an ingress controller namespace that is not a DNS label",
      config: ingress({ controllerNamespace: "Ingress.Nginx", alertmanager: { host: "alertmanager.example.com" } }),
      expect: [
        'alerting:kubernetes.ingress.controllerNamespace: "Ingress.Nginx" is not a DNS label; use lower-case letters, digits and -, at most 63 characters',
      ],
    },
    {
      title: "an ingress on the local target",
      config: { target: "local", ...ingress({ alertmanager: { host: "alertmanager.example.com" } }) },
      expect: [
        'alerting:kubernetes.ingress: {"alertmanager":{"host":"alertmanager.example.com"}} is set while alerting:target is local; an Ingress exists on kubernetes only (the local stack publishes the UIs on alerting:local.bindAddress)',
      ],
    },
    {
      title: "scheduling on the local target",
      config: { target: "local", ...scheduling("prometheus", { zoneSpread: false }) },
      expect: [
        'alerting:kubernetes.scheduling: {"prometheus":{"zoneSpread":false}} is set while alerting:target is local; scheduling applies to Kubernetes pods only, so remove it from this stack',
      ],
    },
    {
      title: "an explicit externalUrl on another host than the Ingress",
      config: {
        alertmanager: { ...prod.alertmanager, externalUrl: "https://am.example.org" },
        ...ingress({ alertmanager: { host: "alertmanager.example.com", tlsSecretName: "alertmanager-tls" } }),
      },
      expect: [
        'alerting:alertmanager.externalUrl: "https://am.example.org" names host am.example.org, but alerting:kubernetes.ingress.alertmanager.host is alertmanager.example.com; make them agree, or leave externalUrl unset to use https://alertmanager.example.com',
      ],
    },
    {
      title: "a retention size without a unit",
      config: { prometheus: { ...prod.prometheus, retentionSize: "50" } },
      expect: [
        'alerting:prometheus.retentionSize: "50" is not a positive size with a unit; use a number and one of B, KB, MB, GB, TB, PB, EB, e.g. "50GB" (powers of 2: 1KB is 1024B)',
      ],
    },
    {
      title: "a retention size in a unit Prometheus does not read (lower case)",
      config: { prometheus: { ...prod.prometheus, retentionSize: "50gb" } },
      expect: ['alerting:prometheus.retentionSize: "50gb" is not a positive size with a unit'],
    },
    {
      title: "a retention size the volume cannot hold",
      config: { prometheus: { ...prod.prometheus, retentionSize: "20GB" } },
      expect: [
        'alerting:prometheus.retentionSize: "20GB" is not below alerting:prometheus.storage.size (20Gi); the volume would fill before size-based retention deletes a block, so use a smaller size or a larger volume',
      ],
    },
  ]);
});
