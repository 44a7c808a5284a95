/**
 * The real pipeline on loopback: a Prometheus and an N-replica Alertmanager cluster running a
 * stack's rendered configuration (with the flags the deployed stacks use), delivering to local
 * capture endpoints. Everything started is stopped by `stop()`, also when start-up fails.
 */
import { randomBytes } from "crypto";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "fs";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import * as path from "path";
import { renderAll } from "../components/render";
import { alertmanagerFlags } from "../components/render/flags";
import { basicAuthorization, webScheme } from "../components/render/web";
import { WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { AlertmanagerPaths, credentialFile } from "../components/render/paths";
import { captureUrl } from "../components/render/capture";
import { INTEGRATION_KINDS, INTEGRATIONS, IntegrationKind } from "../config/integrations";
import { AlertingSpec, buildSpec } from "../config/spec";
import { stackConfig } from "../offline/program";
import { createCaptureServer, TUNNELLED_HOSTS } from "../capture/http-capture";
import { createSmtpCapture } from "../capture/smtp-capture";
import { clusterStatus, isReady, postAlerts, RequestOptions, TestAlert } from "./alertmanager-api";
import { captureConfig, Delivery, FAST_TIMINGS, TestTimings } from "./capture-config";
import { webFiles, writeTree } from "./files";
import { freePort } from "./ports";
import { AlertmanagerNetwork, hostPort, LOOPBACK, ReplicaHost } from "./alertmanager-hosts";
import { alertmanagerPathsIn, prometheusPathsIn } from "./work-paths";
import { harnessAlertmanagerEnv } from "./alertmanager-env";
import type { Binaries as AllBinaries } from "./binaries";
import { atExit, ManagedProcess, waitFor } from "./processes";
import { PrometheusReplica, PrometheusReplicas } from "./prometheus-replicas";
import { Notification, notificationsOf } from "./notifications";

export type { Notification } from "./notifications";
import { makeTls, TlsMaterial } from "./tls";

export type Binaries = Pick<AllBinaries, "alertmanager" | "prometheus">;

/** Web access for the harness: the password (and TLS material) the stack would get from its secrets. */
export interface WebAccessMaterial {
  password: string;
  tls?: { cert: string; key: string; ca: string };
}

export interface PipelineOptions {
  stack: string;
  binaries: Binaries;
  /** Turns alerting:web.auth on with this material (TLS when given). */
  web?: WebAccessMaterial;
  /** `alerting:` values merged over the stack file (before the capture rewrite). */
  config?: Record<string, unknown>;
  replicas?: number;
  timings?: TestTimings | "deployed";
  /** Start Prometheus too (the full pipeline); off for Alertmanager-only scenarios. */
  prometheus?: boolean;
  /** Where the Alertmanagers run (loopback unless given); the pipeline closes it when it stops. */
  network?: AlertmanagerNetwork;
}

/** Every process the harness starts has this in its command line (see the cleanup test). */
export const WORKDIR_PREFIX = process.env.PROVEN_ALERTING_WORKDIR_PREFIX ?? "proven-alerting-e2e";

interface Replica {
  index: number;
  url: string;
  host: ReplicaHost;
  args: string[];
  process?: ManagedProcess;
}

export class Pipeline {
  readonly replicas: Replica[] = [];
  /** Started with `prometheus: true`: as many as the stack's prometheus.replicas. */
  readonly prometheuses: PrometheusReplicas;
  spec!: AlertingSpec;
  /** The tunnel certificate, made only when a proxied kind (Pushover) is configured. */
  private tunnel?: TlsMaterial;
  readonly http = createCaptureServer({ tunnel: () => this.tunnel });
  readonly smtp = createSmtpCapture();
  private deliveries = new Map<string, Delivery>();
  private closers: (() => Promise<void>)[] = [];
  readonly workDir = mkdtempSync(path.join(tmpdir(), `${WORKDIR_PREFIX}-`));
  /** Ctrl-C (or any exit) before stop() still removes the work directory. */
  private readonly cancelAtExit = atExit(() => rmSync(this.workDir, { recursive: true, force: true }));
  private alertmanagerPaths!: AlertmanagerPaths;
  private readonly network: AlertmanagerNetwork;

  constructor(private readonly options: PipelineOptions) {
    this.network = options.network ?? LOOPBACK;
    this.prometheuses = new PrometheusReplicas(
      options.binaries.prometheus,
      () => this.access,
      () => this.replicas.length,
    );
  }

  /** The first Prometheus replica. */
  get prometheus(): PrometheusReplica | undefined {
    return this.prometheuses.replicas[0];
  }

  /** The capture endpoint's URL for an integration kind and key. */
  captureUrl(kind: IntegrationKind, key: string): string {
    return captureUrl(`http://${this.network.serviceHost}:${(this.http.server.address() as AddressInfo).port}`, kind, key);
  }

  get urls(): string[] {
    return this.replicas.map((r) => r.url);
  }

  /** Everything the capture endpoints received, with the receiver it was meant for. */
  notifications(): Notification[] {
    return notificationsOf(this.http.records, this.smtp.records, this.deliveries);
  }

  async start(): Promise<this> {
    try {
      await this.startCapture();
      await this.startAlertmanagers();
      if (this.options.prometheus) await this.prometheuses.startAll();
      return this;
    } catch (err) {
      const logs = [...this.replicas.map((r) => r.process), ...this.prometheuses.processes]
        .filter((p): p is ManagedProcess => !!p)
        .map((p) => `--- ${p.name}\n${p.logs(20)}`);
      await this.stop();
      throw new Error(`${err instanceof Error ? err.message : err}\n${logs.join("\n")}`);
    }
  }

  private async startCapture(): Promise<void> {
    const host = this.network.serviceHost;
    await new Promise<void>((resolve) => this.http.server.listen(0, host, resolve));
    this.closers.push(
      () =>
        new Promise((resolve) => {
          this.http.server.closeAllConnections();
          this.http.server.close(() => resolve());
        }),
    );
    const smtpPort = await freePort();
    await new Promise<void>((resolve) => this.smtp.server.listen(smtpPort, host, resolve));
    this.closers.push(() => new Promise((resolve) => this.smtp.server.close(() => resolve())));
    const httpPort = (this.http.server.address() as AddressInfo).port;

    const web = this.options.web;
    const raw: Record<string, unknown> = {
      ...stackConfig(this.options.stack),
      ...this.options.config,
      ...(web && {
        web: { auth: true },
        webPassword: web.password,
        ...(web.tls && { webTlsCert: web.tls.cert, webTlsKey: web.tls.key, webTlsCa: web.tls.ca }),
      }),
    };
    if (this.options.replicas) raw.alertmanager = { ...(raw.alertmanager as object), replicas: this.options.replicas };
    const capture = captureConfig(
      raw,
      { httpBaseUrl: `http://${host}:${httpPort}`, smtpHostPort: `${host}:${smtpPort}` },
      this.options.timings ?? FAST_TIMINGS,
    );
    this.deliveries = capture.deliveries;
    this.capturedValues = capture.values;
    this.spec = buildSpec({
      values: capture.values,
      secretKeys: new Set([...capture.credentialKeys, ...WEB_CREDENTIAL_KEYS]),
      readFolder: capture.readFolder,
      // The stack's name is its default `cluster` label, as under `pulumi up`.
      stack: this.options.stack,
    });
    this.scheme = webScheme(this.spec.web);
    // The stack's own setting decides (on by default for kubernetes); a password is made up when the test gives none.
    this.web = this.spec.web.auth ? (web ?? { password: randomBytes(16).toString("hex") }) : undefined;
    if (this.web)
      this.access = { headers: { authorization: basicAuthorization(this.spec.web.username, this.web.password) }, ...(this.web.tls && { ca: this.web.tls.ca }) };
    this.alertmanagerPaths = alertmanagerPathsIn(this.workDir);
    mkdirSync(this.alertmanagerPaths.secretsDir, { recursive: true });
    // The rendered event_recorder (alerting:audit) names one file in the data directory the config
    // names; the replicas run on data directories of their own beside it, so that one is made for
    // them to share (each event says which replica recorded it).
    mkdirSync(this.alertmanagerPaths.storageDir, { recursive: true });
    for (const key of capture.credentialKeys) this.writeCredential(key, String(capture.values[key]));
    const spec = this.spec;
    const proxied =
      capture.tunnelled ||
      INTEGRATION_KINDS.some((kind) => {
        const row = INTEGRATIONS[kind];
        return "endpoint" in row && "proxy" in row.endpoint && spec.receivers.some((r) => r[kind]);
      });
    if (proxied)
      this.tunnel = makeTls(
        mkdtempSync(path.join(this.workDir, "tunnel-")),
        TUNNELLED_HOSTS.map((host) => `DNS:${host}`),
      );
  }

  /** Atomic, like kubelet's symlink swap: Alertmanager never reads a half-written file. */
  writeCredential(key: string, value: string): void {
    const file = credentialFile(this.alertmanagerPaths, key);
    writeFileSync(`${file}.tmp`, value);
    renameSync(`${file}.tmp`, file);
  }

  private async startAlertmanagers(): Promise<void> {
    const n = this.spec.alertmanager.replicas;
    const hosts = await this.network.replicas(n);
    const promPorts = await Promise.all(Array.from({ length: this.spec.prometheus.replicas }, () => freePort()));
    const prometheusPaths = prometheusPathsIn(this.workDir);
    const rendered = renderAll(this.spec, {
      alertmanagerPaths: this.alertmanagerPaths,
      prometheusPaths,
      alertmanagerAddresses: hosts.map((h) => hostPort(h.web)),
      prometheusAddresses: promPorts.map((p) => `127.0.0.1:${p}`),
    });
    writeTree(path.dirname(this.alertmanagerPaths.configFile), rendered.alertmanager);
    writeTree(path.dirname(prometheusPaths.configFile), rendered.prometheus);
    writeTree(prometheusPaths.secretsDir, Object.fromEntries(this.spec.scrapeCredentials.map((c) => [c.key, String(this.capturedValues[c.key])])));
    if (this.web) {
      for (const dir of [this.alertmanagerPaths.webDir, prometheusPaths.webDir]) writeTree(dir, webFiles(this.spec, this.web, dir));
    }
    this.prometheuses.prepare(this.spec, prometheusPaths, promPorts, this.scheme);

    hosts.forEach((host, index) => {
      const url = `${this.scheme}://${hostPort(host.web)}`;
      const args = alertmanagerFlags(this.spec, {
        paths: { ...this.alertmanagerPaths, storageDir: `${this.alertmanagerPaths.storageDir}-${index}` },
        webListenAddress: hostPort(host.web),
        externalUrl: url,
        clusterListenAddress: hostPort(host.mesh),
        peers: hosts.map((h) => hostPort(h.mesh)),
      });
      this.replicas.push({ index, url, host, args });
    });
    for (const replica of this.replicas) this.launch(replica);
    await this.waitForCluster();
  }

  private capturedValues: Record<string, unknown> = {};
  private scheme = "http";
  private web?: WebAccessMaterial;
  /** Credentials and CA the harness's own API calls use when web access control is on. */
  access: RequestOptions = {};

  private launch(replica: Replica): void {
    const { command, args } = replica.host.run(this.options.binaries.alertmanager, replica.args);
    const env = harnessAlertmanagerEnv(this.spec, this.alertmanagerPaths, this.workDir, this.tunnel?.caFile);
    replica.process = new ManagedProcess(`alertmanager-${replica.index}`, command, args, env);
  }

  async waitForCluster(timeoutMs = 60_000): Promise<void> {
    const n = this.replicas.length;
    for (const r of this.replicas.filter((r) => r.process?.running)) {
      await waitFor(`alertmanager-${r.index} ready`, async () => ((await isReady(r.url, this.access)) ? true : undefined), timeoutMs);
      if (n > 1) {
        await waitFor(
          `alertmanager-${r.index} cluster ready with ${n} peers`,
          async () => {
            const s = await clusterStatus(r.url, this.access);
            return s.status === "ready" && s.peers.length === n ? s : undefined;
          },
          timeoutMs,
        );
      }
    }
  }

  /** Sends alerts to every running replica, as Prometheus does; a replica that is down is skipped. */
  async fire(alerts: TestAlert[]): Promise<number> {
    const results = await Promise.allSettled(this.replicas.filter((r) => r.process?.running).map((r) => postAlerts(r.url, alerts, this.access)));
    return results.filter((r) => r.status === "fulfilled").length;
  }

  async resolve(alerts: TestAlert[]): Promise<number> {
    const endsAt = new Date(Date.now() - 1000).toISOString();
    return this.fire(alerts.map((a) => ({ ...a, endsAt })));
  }

  async killReplica(index: number): Promise<void> {
    await this.replicas[index].process?.kill();
  }

  /** Stops a replica (gracefully, if it still runs), starts it again on its data directory, and waits for a ready cluster. */
  async restartReplica(index: number): Promise<void> {
    await this.replicas[index].process?.stop();
    this.launch(this.replicas[index]);
    await this.waitForCluster();
  }

  /** Every replica stopped, then all started again on their data directories, as after a node pool's restart. */
  async restartAll(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.process?.stop()));
    for (const replica of this.replicas) this.launch(replica);
    await this.waitForCluster();
  }

  async stop(): Promise<void> {
    await Promise.all([this.prometheuses.stop(), ...this.replicas.map((r) => r.process?.stop())]);
    for (const close of this.closers.reverse()) await close();
    this.closers = [];
    await this.network.close();
    rmSync(this.workDir, { recursive: true, force: true });
    this.cancelAtExit();
  }
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  return new Pipeline(options).start();
}
