/**
 * `alerting:kubernetes.ingress`: an Ingress per web UI, and the URL people reach it at. Kubernetes
 * only (config/kubernetes-checks.ts refuses it on the local stack). Pure.
 */
import { z } from "zod";
import { annotations, dnsLabel, dnsSubdomain, isDnsSubdomain, obj, text } from "./fields";

/** The Ingress API refuses an IP address as a host; we also refuse a wildcard, which cannot be a UI's URL. */
const ingressHost = () =>
  text("a host name such as alertmanager.example.com").refine((v) => isDnsSubdomain(v) && !/^[\d.]+$/.test(v), {
    error: "is not a DNS name; use a host such as alertmanager.example.com (lower-case letters, digits, - and ., no IP address, no wildcard)",
  });

const ingressPath = () =>
  text("a path such as / or /alertmanager").regex(/^\/$|^(\/[A-Za-z0-9._~-]+)+$/, {
    error: "is not a path; use / or segments of letters, digits, ., _, ~ and - with no trailing slash, e.g. /alertmanager",
  });

const route = (ui: string) =>
  obj({
    host: ingressHost().describe(`The host people open ${ui} at; the external URL is derived from it unless set.`),
    className: dnsSubdomain().optional().describe("`ingressClassName`; unset: the cluster's default IngressClass."),
    tlsSecretName: dnsSubdomain()
      .optional()
      .describe("Secret of type kubernetes.io/tls in the namespace for this host (e.g. from cert-manager); set: the URL is https."),
    annotations: annotations().default({}).describe("Annotations of the Ingress: controller settings, cert-manager issuer."),
    path: ingressPath()
      .default("/")
      .describe("Path prefix; the server answers at /, so a path other than / must be stripped by the controller (see deployment.md#exposure)."),
  });

export const ingressSchema = obj({
  controllerNamespace: dnsLabel()
    .default("ingress-nginx")
    .describe("Namespace of the ingress controller's pods: the NetworkPolicy of each exposed UI admits it on the web port."),
  alertmanager: route("Alertmanager").optional().describe("An Ingress to the `alertmanager` Service (9093)."),
  prometheus: route("Prometheus").optional().describe("An Ingress to the `prometheus` Service (9090)."),
});

export type IngressRoute = NonNullable<z.output<typeof ingressSchema>["alertmanager"]>;

/** Where people reach a UI through its Ingress: https when the Ingress terminates TLS. */
export function ingressUrl(route: IngressRoute): string {
  return `${route.tlsSecretName ? "https" : "http"}://${route.host}${route.path === "/" ? "" : route.path}`;
}
