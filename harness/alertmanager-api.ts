/** The few Alertmanager and Prometheus HTTP API calls the harness needs (API v2 / v1). */

export type Labels = Record<string, string>;

export interface TestAlert {
  labels: Labels;
  annotations?: Record<string, string>;
  /** Set to now (or earlier) to resolve the alert. */
  endsAt?: string;
}

export interface ClusterStatus {
  status: string;
  peers: { name: string; address: string }[];
}

export interface RequestOptions {
  headers?: Record<string, string>;
}

async function call(url: string, init: RequestInit & RequestOptions = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

export async function postAlerts(baseUrl: string, alerts: TestAlert[], options: RequestOptions = {}): Promise<void> {
  const body = alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, generatorURL: "http://prometheus.test/graph", ...(a.endsAt && { endsAt: a.endsAt }) }));
  await ok(await call(`${baseUrl}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json", ...options.headers }, body: JSON.stringify(body) }), "post alerts");
}

export async function clusterStatus(baseUrl: string, options: RequestOptions = {}): Promise<ClusterStatus> {
  const response = await ok(await call(`${baseUrl}/api/v2/status`, { headers: options.headers }), "status");
  const status = (await response.json()) as { cluster: ClusterStatus };
  return { status: status.cluster.status, peers: status.cluster.peers ?? [] };
}

export async function createSilence(baseUrl: string, matchers: { name: string; value: string }[], minutes: number, options: RequestOptions = {}): Promise<string> {
  const now = Date.now();
  const response = await ok(
    await call(`${baseUrl}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify({
        matchers: matchers.map((m) => ({ ...m, isRegex: false, isEqual: true })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + minutes * 60_000).toISOString(),
        createdBy: "proven-alerting",
        comment: "maintenance window",
      }),
    }),
    "create silence",
  );
  return ((await response.json()) as { silenceID: string }).silenceID;
}

export async function expireSilence(baseUrl: string, id: string, options: RequestOptions = {}): Promise<void> {
  await ok(await call(`${baseUrl}/api/v2/silence/${id}`, { method: "DELETE", headers: options.headers }), "expire silence");
}

export async function isReady(baseUrl: string, options: RequestOptions = {}): Promise<boolean> {
  try {
    return (await call(`${baseUrl}/-/ready`, { headers: options.headers })).ok;
  } catch {
    return false;
  }
}

export async function activeAlertmanagers(prometheusUrl: string): Promise<string[]> {
  const response = await ok(await call(`${prometheusUrl}/api/v1/alertmanagers`), "alertmanagers");
  const body = (await response.json()) as { data: { activeAlertmanagers: { url: string }[] } };
  return body.data.activeAlertmanagers.map((a) => a.url);
}
