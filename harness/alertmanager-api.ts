/** The few Alertmanager and Prometheus HTTP API calls the harness needs (API v2 / v1), over HTTP or HTTPS. */
import * as http from "http";
import * as https from "https";

export type Labels = Record<string, string>;

export interface TestAlert {
  labels: Labels;
  annotations?: Record<string, string>;
  /** Set to now (or earlier) to resolve the alert. */
  endsAt?: string;
}

export interface ClusterStatus {
  /** This replica's peer name: the sorted names give each replica's position. */
  name: string;
  status: string;
  peers: { name: string; address: string }[];
}

/** Credentials and trust for a protected endpoint. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** PEM CA certificate for HTTPS endpoints. */
  ca?: string;
}

export interface Response {
  status: number;
  body: string;
}

/** Long enough for any API call on a loaded machine; a query over a very large alert set passes its own. */
const REQUEST_TIMEOUT_MS = 5000;

/** One request, bounded by a timeout. */
export function request(url: string, options: RequestOptions & { method?: string; body?: string; timeoutMs?: number } = {}): Promise<Response> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? "GET",
        headers: { ...(options.body && { "content-type": "application/json" }), ...options.headers },
        ...(options.ca && { ca: options.ca }),
        timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${options.method ?? "GET"} ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

async function ok(response: Promise<Response>, what: string): Promise<Response> {
  const r = await response;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.body}`);
  return r;
}

export async function postAlerts(baseUrl: string, alerts: TestAlert[], options: RequestOptions = {}): Promise<void> {
  const body = alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations ?? {},
    generatorURL: "http://prometheus.test/graph",
    ...(a.endsAt && { endsAt: a.endsAt }),
  }));
  await ok(request(`${baseUrl}/api/v2/alerts`, { ...options, method: "POST", body: JSON.stringify(body) }), "post alerts");
}

export async function clusterStatus(baseUrl: string, options: RequestOptions = {}): Promise<ClusterStatus> {
  const status = JSON.parse((await ok(request(`${baseUrl}/api/v2/status`, options), "status")).body) as { cluster: ClusterStatus };
  return { name: status.cluster.name, status: status.cluster.status, peers: status.cluster.peers ?? [] };
}

export function silenceBody(matchers: { name: string; value: string }[], minutes: number): string {
  const now = Date.now();
  return JSON.stringify({
    matchers: matchers.map((m) => ({ ...m, isRegex: false, isEqual: true })),
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + minutes * 60_000).toISOString(),
    createdBy: "proven-alerting",
    comment: "maintenance window",
  });
}

export async function createSilence(
  baseUrl: string,
  matchers: { name: string; value: string }[],
  minutes: number,
  options: RequestOptions = {},
): Promise<string> {
  const response = await ok(request(`${baseUrl}/api/v2/silences`, { ...options, method: "POST", body: silenceBody(matchers, minutes) }), "create silence");
  return (JSON.parse(response.body) as { silenceID: string }).silenceID;
}

export async function expireSilence(baseUrl: string, id: string, options: RequestOptions = {}): Promise<void> {
  await ok(request(`${baseUrl}/api/v2/silence/${id}`, { ...options, method: "DELETE" }), "expire silence");
}

export async function isReady(baseUrl: string, options: RequestOptions = {}): Promise<boolean> {
  try {
    return (await request(`${baseUrl}/-/ready`, options)).status === 200;
  } catch {
    return false;
  }
}

export async function activeAlertmanagers(prometheusUrl: string, options: RequestOptions = {}): Promise<string[]> {
  const body = JSON.parse((await ok(request(`${prometheusUrl}/api/v1/alertmanagers`, options), "alertmanagers")).body) as {
    data: { activeAlertmanagers: { url: string }[] };
  };
  return body.data.activeAlertmanagers.map((a) => a.url);
}

export interface Silence {
  id: string;
  status: { state: string };
}

export async function listSilences(baseUrl: string, options: RequestOptions = {}): Promise<Silence[]> {
  return JSON.parse((await ok(request(`${baseUrl}/api/v2/silences`, options), "list silences")).body) as Silence[];
}

export interface ActiveAlert {
  labels: Labels;
  updatedAt: string;
  status: { state: string };
}

export async function listAlerts(baseUrl: string, options: RequestOptions & { timeoutMs?: number } = {}): Promise<ActiveAlert[]> {
  return JSON.parse((await ok(request(`${baseUrl}/api/v2/alerts`, options), "list alerts")).body) as ActiveAlert[];
}

/** The sum of a metric's samples whose label set includes `labels` (`name="value"` pairs), from /metrics. */
export async function metricSum(baseUrl: string, metric: string, labels: Labels = {}, options: RequestOptions = {}): Promise<number> {
  const text = (await ok(request(`${baseUrl}/metrics`, options), "metrics")).body;
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => wanted.every((pair) => line.includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
