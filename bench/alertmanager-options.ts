/**
 * Measures the two Alertmanager options docs/alertmanager-options.md decides, with the real binaries:
 *
 * - `resend`: how often the real Prometheus re-sends a firing alert, for an evaluation interval and a
 *   `--rules.alert.resend-delay`: the longest an Alertmanager that has just started waits for an alert.
 * - `inhibition`: an inhibited alert and the alert inhibiting it, re-sent at that period by a
 *   Prometheus stand-in (the target first, the source a quarter period later, as two rule groups
 *   would); the real Alertmanager is restarted on its data at phases spread over the period, with
 *   `--dispatch.start-delay` 0 and the delay docs/alertmanager-options.md derives. Counts the
 *   inhibited alert's notifications.
 * - `memory`: the real Alertmanager in a memory cgroup with the limit of the dev stack, fed more
 *   and more active alerts (and queried, as the UI and amtool do) until the kernel kills it or the
 *   bound is reached, without and with `--enable-feature=auto-gomemlimit`.
 *
 * npx ts-node --transpile-only bench/alertmanager-options.ts [resend|inhibition|memory ...] [--full]
 * `--full` runs the resend and inhibition measurements at the deployed timings (a 30 s evaluation
 * interval, Prometheus' 1 m resend delay: about 40 minutes) instead of scaled-down ones. Everything
 * listens on 127.0.0.1; every server is stopped and the cgroup removed, also on failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "fs";
import * as http from "http";
import { tmpdir } from "os";
import * as path from "path";
import { stringify } from "yaml";
import { request } from "../harness/alertmanager-api";
import { binaries } from "../harness/binaries";
import { freePort } from "../harness/ports";
import { atExit, ManagedProcess, sleep, waitFor } from "../harness/processes";
import { ALERT_RESEND_DELAY, GOMEMLIMIT_RATIO } from "../components/render/flags";
import { parseDurationMs } from "../config/quantities";
import { ROOT } from "../offline/program";

const RESULTS_FILE = path.join(ROOT, "bench", "alertmanager-options.json");

interface Timings {
  /** Prometheus' evaluation_interval. */
  evaluationMs: number;
  /** Prometheus' --rules.alert.resend-delay. */
  resendDelayMs: number;
}
/** The deployed timings (30 s evaluation interval, Prometheus' default resend delay), and the same shape scaled down 15 times. */
const TIMINGS: Record<"default" | "full", Timings> = {
  default: { evaluationMs: 2_000, resendDelayMs: 4_000 },
  full: { evaluationMs: 30_000, resendDelayMs: parseDurationMs(ALERT_RESEND_DELAY)! },
};
/** Sends of one alert whose spacing is measured: the first few show the steady period. */
const RESEND_SAMPLES = 4;
/** Restart phases per arm, spread evenly over one resend period. */
const RESTART_PHASES = 8;
/** The stand-in sends the inhibiting (source) alert this fraction of a period after the target. */
const SOURCE_PHASE = 0.25;
/** How long the alerts have fired before the run: old enough that Alertmanager flushes their group at once. */
const FIRING_FOR_MS = 600_000;
/** Prometheus' own endsAt for a sent alert: four resend periods ahead (rules/alerting.go). */
const ENDS_AT_PERIODS = 4;
/** The dev stack's Alertmanager memory limit (config/defaults.ts). */
const MEMORY_LIMIT_BYTES = 128 * 1024 * 1024;
/** Active alerts added per step of the memory run, and the bound of the run. */
const MEMORY_STEP_ALERTS = 2_000;
const MEMORY_MAX_ALERTS = 60_000;
/** Alerts per POST: a Prometheus batch is 256 alerts; larger batches just make the run shorter. */
const POST_BATCH = 1_000;
/** GET /api/v2/alerts per step: the UI and amtool read the whole alert set, the biggest allocation Alertmanager makes. */
const QUERIES_PER_STEP = 3;
/** Tenants the memory run's alerts are spread over: one aggregation group each. */
const MEMORY_TENANTS = 200;
const QUERY_TIMEOUT_MS = 60_000;
/** Lets the inhibitor take in the first source alert before the target arrives (a few ms are needed). */
const SETTLE_MS = 500;
const READY_TIMEOUT_MS = 30_000;
/** How long after a request failed the harness waits for the process's exit to be reported. */
const EXIT_REPORT_MS = 2_000;

const say = (line: string) => console.log(line);

/** Records every request body posted to it; answers 200. */
async function sink(): Promise<{ url: string; posts: { at: number; body: string }[]; close: () => Promise<void> }> {
  const posts: { at: number; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts.push({ at: Date.now(), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function workDir<T>(name: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), `proven-alerting-am-options-${name}-`));
  const cancel = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    return await run(dir);
  } finally {
    cancel();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ready(url: string, proc: ManagedProcess): Promise<void> {
  await waitFor(
    `${proc.name} ready`,
    async () => {
      if (!proc.running) throw new Error(`${proc.name} exited:\n${proc.logs()}`);
      return (await request(`${url}/-/ready`).catch(() => undefined))?.status === 200 ? true : undefined;
    },
    READY_TIMEOUT_MS,
  );
}

/** The period at which the real Prometheus re-sends a firing alert, measured at its Alertmanager endpoint. */
async function resendPeriod(t: Timings): Promise<{ gapsMs: number[] }> {
  const bin = binaries();
  const am = await sink();
  try {
    return await workDir("resend", async (dir) => {
      const port = await freePort();
      writeFileSync(path.join(dir, "rules.yml"), stringify({ groups: [{ name: "g", rules: [{ alert: "Always", expr: "vector(1)" }] }] }));
      writeFileSync(
        path.join(dir, "prometheus.yml"),
        stringify({
          global: { evaluation_interval: `${t.evaluationMs / 1000}s` },
          rule_files: ["rules.yml"],
          alerting: { alertmanagers: [{ api_version: "v2", static_configs: [{ targets: [am.url.replace("http://", "")] }] }] },
        }),
      );
      const args = [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--rules.alert.resend-delay=${t.resendDelayMs / 1000}s`,
      ];
      const prometheus = new ManagedProcess("prometheus", bin.prometheus, args);
      try {
        const bound = (RESEND_SAMPLES + 2) * (t.resendDelayMs + t.evaluationMs) + READY_TIMEOUT_MS;
        await waitFor("the alert's sends", () => (am.posts.length > RESEND_SAMPLES ? true : undefined), bound, 100);
        const times = am.posts.map((p) => p.at);
        return { gapsMs: times.slice(1).map((at, i) => at - times[i]) };
      } finally {
        await prometheus.stop();
      }
    });
  } finally {
    await am.close();
  }
}

const inhibitionConfig = (webhook: string) => ({
  route: { receiver: "pager", group_by: ["alertname", "tenant_id"], group_wait: "30s", group_interval: "5m", repeat_interval: "4h" },
  receivers: [{ name: "pager", webhook_configs: [{ url: webhook, send_resolved: false }] }],
  // The program's first default inhibition (config/defaults.ts).
  inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "tenant_id"] }],
});

const alert = (severity: string, periodMs: number, startsAt: string) => ({
  labels: { alertname: "QueueDepthHigh", tenant_id: "acme", severity },
  annotations: {},
  startsAt,
  endsAt: new Date(Date.now() + ENDS_AT_PERIODS * periodMs).toISOString(),
});

const postAlert = (url: string, severity: string, periodMs: number, startsAt: string) =>
  request(`${url}/api/v2/alerts`, { method: "POST", body: JSON.stringify([alert(severity, periodMs, startsAt)]) });

/**
 * Posts like Prometheus: on schedule whatever the answer (a failed send waits for the next period).
 * The source is posted once first, so that before the restart the target has always been
 * inhibited and the notification log holds nothing for it, as in a real deployment.
 */
async function standIn(url: string, periodMs: number): Promise<{ stop: () => void }> {
  const startsAt = new Date(Date.now() - FIRING_FOR_MS).toISOString();
  const post = (severity: string) => void postAlert(url, severity, periodMs, startsAt).catch(() => undefined);
  await postAlert(url, "critical", periodMs, startsAt);
  await sleep(SETTLE_MS);
  const timers: NodeJS.Timeout[] = [];
  post("warning");
  timers.push(setInterval(() => post("warning"), periodMs));
  timers.push(
    setTimeout(() => {
      post("critical");
      timers.push(setInterval(() => post("critical"), periodMs));
    }, SOURCE_PHASE * periodMs),
  );
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}

interface RestartTrial {
  phase: number;
  startDelayMs: number;
  /** Notifications of the inhibited (warning) alert after the restart. */
  targetPages: number;
  /** From the restart to the notification of an alert first posted right after it, old enough to skip group_wait: what the delay holds back. */
  newAlertMs: number;
}

/** One restart of Alertmanager at `phase` of the stand-in's period, with `startDelayMs`. */
async function restartTrial(periodMs: number, phase: number, startDelayMs: number): Promise<RestartTrial> {
  const bin = binaries();
  const hook = await sink();
  try {
    return await workDir("inhibition", async (dir) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      writeFileSync(path.join(dir, "alertmanager.yml"), stringify(inhibitionConfig(`${hook.url}/`)));
      const args = [
        `--config.file=${path.join(dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
        `--dispatch.start-delay=${startDelayMs}ms`,
      ];
      let am = new ManagedProcess("alertmanager", bin.alertmanager, args);
      let sender: { stop: () => void } | undefined;
      try {
        await ready(url, am);
        sender = await standIn(url, periodMs);
        // Steady state: both alerts in, the target inhibited (the delay has passed on the first start too).
        await sleep(Math.max(periodMs, startDelayMs));
        const before = hook.posts.length;
        await sleep(phase * periodMs);
        await am.stop();
        const restartedAt = Date.now();
        am = new ManagedProcess("alertmanager", bin.alertmanager, args);
        await ready(url, am);
        const fresh = {
          ...alert("critical", periodMs, new Date(Date.now() - FIRING_FOR_MS).toISOString()),
          labels: { alertname: "NewAfterRestart", tenant_id: "acme", severity: "critical" },
        };
        await request(`${url}/api/v2/alerts`, { method: "POST", body: JSON.stringify([fresh]) });
        const windowMs = startDelayMs + 2 * periodMs + READY_TIMEOUT_MS;
        await waitFor(
          "the new alert's notification",
          () => (hook.posts.slice(before).some((p) => p.body.includes("NewAfterRestart")) ? true : undefined),
          windowMs,
          100,
        );
        const after = hook.posts.slice(before);
        const firstFresh = after.find((p) => p.body.includes("NewAfterRestart"))!;
        await sleep(periodMs);
        const targetPages = hook.posts.slice(before).filter((p) => p.body.includes('"severity":"warning"')).length;
        return { phase, startDelayMs, targetPages, newAlertMs: firstFresh.at - restartedAt };
      } finally {
        sender?.stop();
        await am.stop();
      }
    });
  } finally {
    await hook.close();
  }
}

interface Cgroup {
  /** Runs `argv` inside the group (the process joins before the program starts, so it sees the limit). */
  wrap: (argv: string[]) => { command: string; args: string[] };
  peakBytes: () => number;
  oomKills: () => number;
  remove: () => void;
}

/** A memory cgroup below this process's own (v2, or v1's memory hierarchy), limited to `limitBytes`. */
function memoryCgroup(name: string, limitBytes: number): Cgroup {
  const lines = readFileSync("/proc/self/cgroup", "utf8").trim().split("\n");
  const v2 = existsSync("/sys/fs/cgroup/cgroup.controllers");
  const own = v2 ? lines.find((l) => l.startsWith("0::"))!.slice(3) : lines.find((l) => /^\d+:memory:/.test(l))!.split(":")[2];
  const dir = path.join(v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory", own, `proven-alerting-${name}-${process.pid}`);
  mkdirSync(dir);
  const remove = () => {
    if (existsSync(dir)) rmdirSync(dir);
  };
  atExit(remove);
  writeFileSync(path.join(dir, v2 ? "memory.max" : "memory.limit_in_bytes"), String(limitBytes));
  const stat = (file: string, key: string) => Number(new RegExp(`^${key} (\\d+)$`, "m").exec(readFileSync(path.join(dir, file), "utf8"))?.[1] ?? 0);
  return {
    wrap: (argv) => ({ command: "sh", args: ["-c", `echo $$ > ${path.join(dir, "cgroup.procs")} && exec "$@"`, "sh", ...argv] }),
    peakBytes: () => Number(readFileSync(path.join(dir, v2 ? "memory.peak" : "memory.max_usage_in_bytes"), "utf8")),
    oomKills: () => (v2 ? stat("memory.events", "oom_kill") : stat("memory.oom_control", "oom_kill")),
    remove,
  };
}

/** A sample of Alertmanager's own metrics (Go runtime ones included). */
async function goMetrics(url: string): Promise<Record<string, number>> {
  const text = (await request(`${url}/metrics`)).body;
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    gcCycles: value("go_gc_duration_seconds_count"),
    gomemlimit: value("go_gc_gomemlimit_bytes"),
    heapInuse: value("go_memstats_heap_inuse_bytes"),
    rss: value("process_resident_memory_bytes"),
  };
}

interface MemoryRun {
  arm: string;
  gomemlimitBytes: number;
  /** The most active alerts Alertmanager held and answered queries for. */
  heldAlerts: number;
  oomKilled: boolean;
  cgroupPeakBytes: number;
  steps: { alerts: number; rssBytes: number; heapInuseBytes: number; gcCycles: number }[];
}

async function memoryRun(arm: string, extraFlags: string[]): Promise<MemoryRun> {
  const bin = binaries();
  const hook = await sink();
  const group = memoryCgroup(arm, MEMORY_LIMIT_BYTES);
  try {
    return await workDir("memory", async (dir) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      writeFileSync(path.join(dir, "alertmanager.yml"), stringify(inhibitionConfig(`${hook.url}/`)));
      const argv = [
        bin.alertmanager,
        `--config.file=${path.join(dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
        ...extraFlags,
      ];
      const { command, args } = group.wrap(argv);
      const am = new ManagedProcess(`alertmanager-${arm}`, command, args);
      const steps: MemoryRun["steps"] = [];
      let held = 0;
      try {
        await ready(url, am);
        const gomemlimitBytes = (await goMetrics(url)).gomemlimit;
        const endsAt = new Date(Date.now() + 3_600_000).toISOString();
        for (let alerts = MEMORY_STEP_ALERTS; alerts <= MEMORY_MAX_ALERTS; alerts += MEMORY_STEP_ALERTS) {
          try {
            for (let from = alerts - MEMORY_STEP_ALERTS; from < alerts; from += POST_BATCH) {
              const batch = Array.from({ length: POST_BATCH }, (_, i) => ({
                labels: { alertname: "Load", tenant_id: `t${(from + i) % MEMORY_TENANTS}`, instance: `i${from + i}`, severity: "warning" },
                annotations: { summary: `load alert ${from + i}`, description: "an annotation about as long as a real one, to weigh what a real alert weighs" },
                endsAt,
              }));
              const r = await request(`${url}/api/v2/alerts`, { method: "POST", body: JSON.stringify(batch), timeoutMs: QUERY_TIMEOUT_MS });
              if (r.status !== 200) throw new Error(`post: HTTP ${r.status}`);
            }
            for (let q = 0; q < QUERIES_PER_STEP; q++) await request(`${url}/api/v2/alerts`, { timeoutMs: QUERY_TIMEOUT_MS });
            const m = await goMetrics(url);
            steps.push({ alerts, rssBytes: m.rss, heapInuseBytes: m.heapInuse, gcCycles: m.gcCycles });
            held = alerts;
            say(
              `    ${arm}: ${alerts} alerts, RSS ${(m.rss / 2 ** 20).toFixed(0)} MiB, heap ${(m.heapInuse / 2 ** 20).toFixed(0)} MiB, ${m.gcCycles} GC cycles`,
            );
          } catch (err) {
            // A request the kernel's kill cut short: the exit is reported a moment later.
            await Promise.race([am.exited, sleep(EXIT_REPORT_MS)]);
            if (am.running) throw err;
            break;
          }
        }
        return { arm, gomemlimitBytes, heldAlerts: held, oomKilled: group.oomKills() > 0, cgroupPeakBytes: group.peakBytes(), steps };
      } finally {
        await am.stop();
      }
    });
  } finally {
    group.remove();
    await hook.close();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const full = argv.includes("--full");
  const parts = argv.filter((a) => !a.startsWith("--"));
  const run = (part: string) => parts.length === 0 || parts.includes(part);
  const t = full ? TIMINGS.full : TIMINGS.default;
  const results: Record<string, unknown> = {};
  const key = (part: string) => `${part}${full ? "-full" : ""}`;

  // The period the stand-in uses comes from the real Prometheus, not from the formula.
  let periodMs = t.resendDelayMs + t.evaluationMs;
  if (run("resend") || run("inhibition")) {
    say(`resend period: evaluation ${t.evaluationMs} ms, resend delay ${t.resendDelayMs} ms`);
    const { gapsMs } = await resendPeriod(t);
    // The median: a busy machine can delay one evaluation, which shows as one long gap.
    periodMs = [...gapsMs].sort((a, b) => a - b)[Math.floor(gapsMs.length / 2)];
    say(`  gaps between sends (ms): ${gapsMs.join(", ")}`);
    results[key("resend")] = { ...t, gapsMs };
  }
  if (run("inhibition")) {
    const trials: RestartTrial[] = [];
    // The delay docs/alertmanager-options.md derives: the resend delay plus two evaluation intervals.
    const derived = t.resendDelayMs + 2 * t.evaluationMs;
    for (const startDelayMs of [0, derived]) {
      for (let i = 0; i < RESTART_PHASES; i++) {
        const phase = (i + 0.5) / RESTART_PHASES;
        const trial = await restartTrial(periodMs, phase, startDelayMs);
        trials.push(trial);
        say(
          `  start delay ${startDelayMs} ms, restart at ${phase.toFixed(3)} of the period: ${trial.targetPages} page(s) of the inhibited alert; a new alert paged after ${trial.newAlertMs} ms`,
        );
      }
    }
    results[key("inhibition")] = { periodMs, sourcePhase: SOURCE_PHASE, trials };
  }
  if (run("memory")) {
    say(`memory: limit ${MEMORY_LIMIT_BYTES / 2 ** 20} MiB`);
    const none = await memoryRun("none", []);
    const auto = await memoryRun("auto-gomemlimit", ["--enable-feature=auto-gomemlimit", `--auto-gomemlimit.ratio=${GOMEMLIMIT_RATIO}`]);
    for (const r of [none, auto])
      say(
        `  ${r.arm}: GOMEMLIMIT ${r.gomemlimitBytes}, held ${r.heldAlerts} alerts, OOM-killed ${r.oomKilled}, cgroup peak ${(r.cgroupPeakBytes / 2 ** 20).toFixed(0)} MiB`,
      );
    results.memory = { limitBytes: MEMORY_LIMIT_BYTES, ratio: GOMEMLIMIT_RATIO, runs: [none, auto] };
  }
  // Merged over earlier runs when written, so that runs of different parts may overlap.
  const earlier = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...earlier, ...results }, null, 2)}\n`);
  say(`wrote ${path.relative(ROOT, RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
