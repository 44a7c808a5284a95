/**
 * Where Prometheus sends its samples besides its own storage: remote write endpoints (Thanos
 * Receive, Mimir, Cortex, VictoriaMetrics). Their credentials are secret config keys that reach
 * Prometheus as files, like scrape credentials (config/scrape-checks.ts collects both). Pure.
 */
import { z } from "zod";
import { ConfigIssue, duplicates } from "./errors";
import { credentialFreeUrl, credentialKey, duration, httpUrl, int, list, name, obj, text } from "./fields";
import { parseDurationMs } from "./quantities";
import { relabelSchema } from "./scrape-schema";

/** Headers that carry a credential: Prometheus would send it from the ConfigMap in plain text. */
const CREDENTIAL_HEADER = /^(?:authorization|cookie)$|auth|token|api[-_]?key|secret|password|credential|signature/i;
/** Headers Prometheus 3.5 sets itself and refuses to load a configuration that changes (config/config.go, reservedHeaders). */
const RESERVED_HEADERS = [
  "host",
  "content-encoding",
  "content-length",
  "content-type",
  "user-agent",
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "www-authenticate",
  "accept-encoding",
  "x-prometheus-remote-write-version",
  "x-prometheus-remote-read-version",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
];
const USE_A_CREDENTIAL = "use basicAuth, bearerTokenCredential or oauth2, which name secret config keys";

/** The URL the samples go to; what identifies the sender goes in a credential, never in the URL. */
const remoteWriteUrl = () => credentialFreeUrl("https://mimir.example.com/api/v1/push", ` and ${USE_A_CREDENTIAL}`);

const headerName = () =>
  text("a header name").superRefine((header, ctx) => {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) {
      ctx.addIssue({ code: "custom", message: "is not a header name; use letters, digits and -, e.g. X-Scope-OrgID" });
    } else if (RESERVED_HEADERS.includes(header.toLowerCase())) {
      ctx.addIssue({ code: "custom", message: "is a header Prometheus sets itself; remove it" });
    } else if (CREDENTIAL_HEADER.test(header)) {
      ctx.addIssue({ code: "custom", message: `carries a credential, and headers are plain text in prometheus.yml; remove it and ${USE_A_CREDENTIAL}` });
    }
  });

/** Zero would make Prometheus send at every sample or retry without pause. */
const positiveDuration = () => duration().refine((v) => (parseDurationMs(v) ?? 1) > 0, { error: "is zero; use a positive duration, e.g. 5s" });

/** Prometheus 3.5's queue_config, the fields worth tuning; each left out keeps Prometheus' default. */
const queueSchema = obj({
  capacity: int(1, 1_000_000).optional().describe("Samples buffered per shard (Prometheus default 10000)."),
  maxShards: int(1, 1_000).optional().describe("Most parallel senders (default 50)."),
  minShards: int(1, 1_000).optional().describe("Fewest parallel senders (default 1)."),
  maxSamplesPerSend: int(1, 100_000).optional().describe("Samples per request (default 2000)."),
  batchSendDeadline: positiveDuration().optional().describe("Longest a sample waits for a request (default 5s)."),
  minBackoff: positiveDuration().optional().describe("First retry delay, doubled at each retry (default 30ms)."),
  maxBackoff: positiveDuration().optional().describe("Longest retry delay (default 5s)."),
}).superRefine((q, ctx) => {
  if (q.minShards !== undefined && q.maxShards !== undefined && q.minShards > q.maxShards) {
    ctx.addIssue({ code: "custom", path: ["minShards"], input: q.minShards, message: `is above maxShards (${q.maxShards}); use at most ${q.maxShards}` });
  }
  if (q.minBackoff !== undefined && q.maxBackoff !== undefined && parseDurationMs(q.minBackoff)! > parseDurationMs(q.maxBackoff)!) {
    ctx.addIssue({ code: "custom", path: ["minBackoff"], input: q.minBackoff, message: `is above maxBackoff (${q.maxBackoff}); use at most ${q.maxBackoff}` });
  }
  // A shard holds at least one full request; less would leave every request short.
  if (q.capacity !== undefined && q.maxSamplesPerSend !== undefined && q.capacity < q.maxSamplesPerSend) {
    ctx.addIssue({
      code: "custom",
      path: ["capacity"],
      input: q.capacity,
      message: `is below maxSamplesPerSend (${q.maxSamplesPerSend}); use at least that, Prometheus recommends 3 to 10 times it`,
    });
  }
});

const AUTH_KINDS = ["basicAuth", "bearerTokenCredential", "oauth2"] as const;

export const remoteWriteSchema = obj({
  name: name().describe("Names the endpoint in Prometheus' metrics (`remote_name`) and logs; unique."),
  url: remoteWriteUrl().describe("Where samples are sent, e.g. `https://mimir.example.com/api/v1/push`; no credentials in it."),
  headers: z
    .record(headerName(), text("a header value"), {
      // A bad header name reports the name's own message, not the map's.
      error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : "is not a map of header names to values"),
    })
    .default({})
    .describe("Extra headers, e.g. `X-Scope-OrgID` for a Mimir tenant; plain text, so none that carries a credential."),
  queue: queueSchema.optional().describe("Queue tuning; unset fields keep Prometheus' defaults."),
  writeRelabelConfigs: list(relabelSchema).default([]).describe("Relabel rules (Prometheus' format) applied to samples before sending, e.g. to drop series."),
  basicAuth: obj({ username: text("a user name"), passwordCredential: credentialKey() })
    .optional()
    .describe("Basic auth; the password is a secret config key."),
  bearerTokenCredential: credentialKey().optional().describe("The secret config key holding a bearer token."),
  oauth2: obj({
    clientId: text("an OAuth2 client id"),
    clientSecretCredential: credentialKey(),
    tokenUrl: httpUrl(),
    scopes: list(text("a scope")).default([]),
  })
    .optional()
    .describe("OAuth2 client credentials; the client secret is a secret config key."),
}).superRefine((endpoint, ctx) => {
  const set = AUTH_KINDS.filter((kind) => endpoint[kind] !== undefined);
  for (const kind of set.slice(1)) {
    ctx.addIssue({
      code: "custom",
      path: [kind],
      input: endpoint[kind],
      message: `is set with ${set[0]}; Prometheus authenticates a remote write one way, use one of ${AUTH_KINDS.join(", ")}`,
    });
  }
});

export type RemoteWriteConfig = z.output<typeof remoteWriteSchema>;

/** The credential keys an endpoint names, with what each is for. */
export function remoteWriteCredentialKeys(endpoint: RemoteWriteConfig): { key: string; use: string }[] {
  return [
    endpoint.basicAuth && { key: endpoint.basicAuth.passwordCredential, use: "basic auth password" },
    endpoint.bearerTokenCredential && { key: endpoint.bearerTokenCredential, use: "bearer token" },
    endpoint.oauth2 && { key: endpoint.oauth2.clientSecretCredential, use: "OAuth2 client secret" },
  ].filter((c): c is { key: string; use: string } => !!c);
}

/** Prometheus refuses two endpoints of one name (config/config.go). */
export function checkRemoteWrite(endpoints: RemoteWriteConfig[]): ConfigIssue[] {
  const names = endpoints.map((e) => e.name);
  return duplicates(names).map((i) => ({
    path: ["prometheus", "remoteWrite", i, "name"],
    value: names[i],
    message: "is defined twice; remote write names must be unique",
  }));
}
