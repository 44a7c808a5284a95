/**
 * Points a stack's configuration at the capture endpoints, changing nothing else that decides
 * delivery: the routing tree, inhibitions, time intervals and templates stay as deployed.
 * Each receiver's integrations get their own credential key (so a capture tells which receiver
 * it was for), key-holding kinds post to the capture URL, e-mail goes to <receiver>@capture.invalid via
 * the SMTP sink, and group timings are shortened for speed.
 */
import { captureCredential, captureUrl } from "../components/render/capture";
import { WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { INTEGRATION_KINDS, INTEGRATIONS, IntegrationKind } from "../config/integrations";
import { AlertingSpec, buildSpec, credentialKeys, parseConfig } from "../config/spec";
import { scrapeCredentials } from "../config/scrape-checks";

export interface CaptureEndpoints {
  httpBaseUrl: string;
  smtpHostPort: string;
}

export interface TestTimings {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  peerTimeout: string;
}

export const FAST_TIMINGS: TestTimings = { groupWait: "2s", groupInterval: "4s", repeatInterval: "1h", peerTimeout: "3s" };

export interface Delivery {
  receiver: string;
  kind: IntegrationKind | "email";
}

export interface CaptureConfig {
  /** `alerting:` values to build the spec from, credentials included (to be marked secret). */
  values: Record<string, unknown>;
  credentialKeys: string[];
  /** Capture key (credential key, or e-mail address) -> where it was meant to go. */
  deliveries: Map<string, Delivery>;
}

const SCRAPE_CREDENTIAL_PLACEHOLDER = "harness-scrape-credential";

export const captureEmail = (receiver: string) => `${receiver}@capture.invalid`;

/**
 * The user's configuration validated as `pulumi up` would (every credential taken as set with
 * --secret), so that errors name the user's keys, before the rewrite below renames credentials.
 */
export function deployedSpec(raw: Record<string, unknown>): AlertingSpec {
  const credentials = credentialKeys(raw);
  return buildSpec({
    values: { ...Object.fromEntries(credentials.map((k) => [k, "set"])), ...raw },
    secretKeys: new Set([...credentials, ...WEB_CREDENTIAL_KEYS]),
  });
}

/** `deployed` keeps every group timing and the peer timeout exactly as the stack sets them. */
export function captureConfig(raw: Record<string, unknown>, endpoints: CaptureEndpoints, timings: TestTimings | "deployed" = FAST_TIMINGS): CaptureConfig {
  deployedSpec(raw);
  const config = parseConfig(raw);
  const deliveries = new Map<string, Delivery>();
  const credentials: Record<string, string> = {};
  /** Each receiver's integrations get their own key, so a capture tells which receiver it was for. */
  const rewrite = (i: number, kind: IntegrationKind, receiver: string, integration: object) => {
    const k = `r${i}${kind}`;
    deliveries.set(k, { receiver, kind });
    const credential = INTEGRATIONS[kind].credential;
    const url = captureUrl(endpoints.httpBaseUrl, kind, k);
    credentials[k] = captureCredential(endpoints.httpBaseUrl, kind, k);
    return { ...integration, credential: k, ...(credential.holds === "key" && { [credential.endpointField]: url }) };
  };
  const receivers = config.receivers.map((r, i) => {
    if (r.email) deliveries.set(captureEmail(r.name), { receiver: r.name, kind: "email" });
    const integrations = INTEGRATION_KINDS.flatMap((kind) => (r[kind] ? [[kind, rewrite(i, kind, r.name, r[kind]!)]] : []));
    return { ...r, ...Object.fromEntries(integrations), ...(r.email && { email: { ...r.email, to: [captureEmail(r.name)] } }) };
  });
  const fast = <T extends { groupWait?: string; groupInterval?: string; repeatInterval?: string }>(route: T): T =>
    timings === "deployed"
      ? route
      : {
          ...route,
          ...(route.groupWait && { groupWait: timings.groupWait }),
          ...(route.groupInterval && { groupInterval: timings.groupInterval }),
          ...(route.repeatInterval && { repeatInterval: timings.repeatInterval }),
        };
  // Scrape credentials have no stand-in: a test that scrapes with them gives them; the rest get a placeholder.
  for (const c of scrapeCredentials(config)) credentials[c.key] = String(raw[c.key] ?? SCRAPE_CREDENTIAL_PLACEHOLDER);
  const smtp = config.smtp && { ...config.smtp, smarthost: endpoints.smtpHostPort, requireTls: false };
  if (smtp?.username) credentials[smtp.passwordCredential] = "capture-smtp-password";
  const values = {
    ...raw,
    receivers,
    route: fast(config.route),
    routes: config.routes.map(fast),
    alertmanager: { ...config.alertmanager, ...(timings !== "deployed" && { peerTimeout: timings.peerTimeout }) },
    ...(smtp && { smtp }),
    ...credentials,
  };
  return { values, credentialKeys: Object.keys(credentials), deliveries };
}
