/** The Ingress of a web UI (`kubernetes.ingress.<component>`), and the NetworkPolicy rule that lets its controller in. */
import type * as k8s from "@pulumi/kubernetes";
import { PORTS } from "../../config/ports";
import type { AlertingSpec } from "../../config/spec";
import { fromNamespaces, meta } from "./common";
import { Component, KUBERNETES_NAMES } from "./names";

type NetworkPolicyIngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;

const WEB_PORT: Record<Component, number> = { alertmanager: PORTS.alertmanagerWeb, prometheus: PORTS.prometheus };

/** The component's Ingress to its Service's `web` port, or undefined when none is configured. */
export function uiIngress(spec: AlertingSpec, component: Component) {
  const route = spec.kubernetes.ingress?.[component];
  if (!route) return undefined;
  const metadata = meta(spec, component, KUBERNETES_NAMES[component]);
  const backend = { service: { name: KUBERNETES_NAMES[component], port: { name: "web" } } };
  return {
    metadata: Object.keys(route.annotations).length > 0 ? { ...metadata, annotations: route.annotations } : metadata,
    spec: {
      ...(route.className && { ingressClassName: route.className }),
      ...(route.tlsSecretName && { tls: [{ hosts: [route.host], secretName: route.tlsSecretName }] }),
      rules: [{ host: route.host, http: { paths: [{ path: route.path, pathType: "Prefix", backend }] } }],
    },
  };
}

/** The controller's namespace on the web port, only for a component that has an Ingress. */
export function ingressControllerRule(spec: AlertingSpec, component: Component): NetworkPolicyIngressRule[] {
  const ingress = spec.kubernetes.ingress;
  if (!ingress?.[component]) return [];
  return [{ from: fromNamespaces([ingress.controllerNamespace]), ports: [{ port: WEB_PORT[component], protocol: "TCP" }] }];
}
