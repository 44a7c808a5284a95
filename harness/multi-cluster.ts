/**
 * Many clusters, one alerting, on loopback with the real binaries: a central stack's N-replica
 * Alertmanager cluster (TLS, one basic auth user per satellite) and satellite stacks running only
 * their Prometheus pair, each sending to every central replica with its own credentials. Every
 * file is rendered by the program from each stack's spec; a satellite is revoked by rendering the
 * central's web config again without it (read per request: no restart). Everything started is
 * stopped by `stop()`, also when start-up fails.
 */
import * as bcrypt from "bcryptjs";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { renderAll } from "../components/render";
import { WEB_FILES } from "../components/render/paths";
import { scrapeCredentialFile } from "../components/render/prometheus";
import { renderWebConfig } from "../components/render/web";
import { CENTRAL_PASSWORD_KEY } from "../config/satellites";
import { AlertingSpec, buildSpec } from "../config/spec";
import { stackConfig } from "../offline/program";
import { deployedSpec } from "./capture-config";
import { Binaries, Pipeline, startPipeline, WORKDIR_PREFIX } from "./pipeline";
import { writeTree } from "./files";
import { freePort } from "./ports";
import { atExit } from "./processes";
import { PrometheusReplicas } from "./prometheus-replicas";
import { makeTls, TlsMaterial } from "./tls";
import { alertmanagerPathsIn, prometheusPathsIn } from "./work-paths";

/** The keys a satellite's central credentials are set under (`pulumi config set --secret`). */
export const SATELLITE_KEYS = { password: CENTRAL_PASSWORD_KEY, ca: "centralCa" } as const;

/** The password of the central's own web user (people, probes, the harness's API calls). */
const CENTRAL_WEB_PASSWORD = "central-web-password-4e8a";
/** The central's `cluster` label and the host its Ingress would serve satellites on (unused on loopback). */
const CENTRAL_CLUSTER = "central";
const CENTRAL_HOST = "alerts.example.com";
/** What the deployed stacks hash with (components/web): exporter-toolkit checks it on every request. */
const BCRYPT_COST = 10;

export interface MultiClusterOptions {
  binaries: Binaries;
  /** The central's `alerting:` values over the prod stack file (receivers, routes, ...); `satellites` is added. */
  central: Record<string, unknown>;
  /** The satellites' cluster names; each is a client of the central and a stack of its own. */
  satellites: string[];
  /** A satellite's own `alerting:` values (rules, scrape jobs); `cluster`, `central` and its secrets are added. */
  satellite: (cluster: string) => Record<string, unknown>;
  replicas?: number;
}

/** One satellite stack as it runs: its spec and its Prometheus pair. */
export interface Satellite {
  cluster: string;
  spec: AlertingSpec;
  /** Its password at the central (the secret `centralPassword`). */
  password: string;
  prometheuses: PrometheusReplicas;
}

/** Enough replicas to lose one and keep a majority, as the prod stack runs. */
const DEFAULT_REPLICAS = 3;

export class MultiCluster {
  central!: Pipeline;
  readonly satellites = new Map<string, Satellite>();
  /** The central's server certificate (for 127.0.0.1), its CA the satellites trust. */
  readonly tls: TlsMaterial;
  readonly workDir = mkdtempSync(path.join(tmpdir(), `${WORKDIR_PREFIX}-multi-`));
  private readonly cancelAtExit = atExit(() => rmSync(this.workDir, { recursive: true, force: true }));
  /** The clients the central's web config holds now. */
  private clients: string[];

  constructor(private readonly options: MultiClusterOptions) {
    this.tls = makeTls(mkdtempSync(path.join(this.workDir, "tls-")), ["IP:127.0.0.1", "DNS:localhost"]);
    this.clients = [...options.satellites];
  }

  async start(): Promise<this> {
    try {
      this.central = await startPipeline({
        stack: "prod",
        binaries: this.options.binaries,
        replicas: this.options.replicas ?? DEFAULT_REPLICAS,
        web: { password: CENTRAL_WEB_PASSWORD, tls: { cert: this.tls.cert, key: this.tls.key, ca: this.tls.ca } },
        config: this.centralValues(),
      });
      for (const cluster of this.options.satellites) this.satellites.set(cluster, await this.prepareSatellite(cluster));
      this.writeCentralWebConfig();
      for (const s of this.satellites.values()) await s.prometheuses.startAll();
      return this;
    } catch (err) {
      const logs = [...this.satellites.values()].flatMap((s) => s.prometheuses.processes).map((p) => `--- ${p.name}\n${p.logs(20)}`);
      await this.stop();
      throw new Error(`${err instanceof Error ? err.message : err}\n${logs.join("\n")}`);
    }
  }

  /** The central's `alerting:` values over the prod stack file: one client per satellite still admitted, each password generated. */
  private centralValues(): Record<string, unknown> {
    return {
      ...this.options.central,
      cluster: CENTRAL_CLUSTER,
      satellites: { host: CENTRAL_HOST, tlsSecretName: "alerts-tls", clients: this.clients.map((name) => ({ name })) },
    };
  }

  private async prepareSatellite(cluster: string): Promise<Satellite> {
    const password = `satellite-${cluster}-password-${Math.random().toString(36).slice(2, 10)}`;
    const values = {
      target: "kubernetes",
      ...this.options.satellite(cluster),
      cluster,
      central: { alertmanagers: this.central.urls, passwordCredential: SATELLITE_KEYS.password, caCredential: SATELLITE_KEYS.ca },
      [SATELLITE_KEYS.password]: password,
      [SATELLITE_KEYS.ca]: this.tls.ca,
    };
    const spec = buildSpec({ values, secretKeys: new Set(Object.values(SATELLITE_KEYS)) });
    const dir = path.join(this.workDir, `satellite-${cluster}`);
    const paths = prometheusPathsIn(dir);
    const rendered = renderAll(spec, {
      alertmanagerPaths: alertmanagerPathsIn(dir),
      prometheusPaths: paths,
      alertmanagerAddresses: [],
      prometheusAddresses: [],
    });
    writeTree(path.dirname(paths.configFile), rendered.prometheus);
    mkdirSync(paths.secretsDir, { recursive: true });
    // Named like their keys, as the Secret's items are mounted (scrapeCredentialFile).
    for (const [key, value] of [
      [SATELLITE_KEYS.password, password],
      [SATELLITE_KEYS.ca, this.tls.ca],
    ])
      writeFileSync(scrapeCredentialFile(paths, key), value);
    const prometheuses = new PrometheusReplicas(
      this.options.binaries.prometheus,
      () => ({}),
      () => this.central.urls.length,
    );
    const ports = await Promise.all(Array.from({ length: spec.prometheus.replicas }, () => freePort()));
    prometheuses.prepare(spec, paths, ports, "http");
    return { cluster, spec, password, prometheuses };
  }

  /**
   * The central's web config as the program renders it from the central's configuration now (its
   * web user and one user per client still listed); written atomically, as kubelet swaps a mounted Secret.
   */
  private writeCentralWebConfig(): void {
    const spec = deployedSpec({
      ...stackConfig("prod"),
      ...this.centralValues(),
      web: { auth: true },
      // Set with --secret on a real central; here only their presence matters (TLS on, the password given).
      webPassword: "set",
      webTlsCert: "set",
      webTlsKey: "set",
    });
    const webDir = alertmanagerPathsIn(this.central.workDir).webDir;
    const users = Object.fromEntries(
      (spec.satellites?.clients ?? []).map((c) => [c.name, bcrypt.hashSync(this.satellites.get(c.name)!.password, BCRYPT_COST)]),
    );
    const file = path.join(webDir, WEB_FILES.config);
    writeFileSync(`${file}.tmp`, renderWebConfig(spec.web, bcrypt.hashSync(CENTRAL_WEB_PASSWORD, BCRYPT_COST), webDir, users));
    renameSync(`${file}.tmp`, file);
  }

  /** Revokes a satellite as an operator does: its client removed from the central's config, the web config rendered again. */
  revoke(cluster: string): void {
    this.clients = this.clients.filter((c) => c !== cluster);
    this.writeCentralWebConfig();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.satellites.values()].map((s) => s.prometheuses.stop()));
    await this.central?.stop();
    rmSync(this.workDir, { recursive: true, force: true });
    this.cancelAtExit();
  }
}
