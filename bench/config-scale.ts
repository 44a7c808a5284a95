/**
 * What the size of a configuration costs: the program's evaluation, and one Alertmanager loading
 * the rendered configuration, for stack routes and for team files.
 */
import { mkdirSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { toYaml } from "../components/render/yaml";
import { request } from "../harness/alertmanager-api";
import { binaries } from "../harness/binaries";
import { startPipeline } from "../harness/pipeline";
import { ROOT, runProgram } from "../offline/program";

export const ROUTE_COUNTS = [1, 100, 1_000];
export const TEAM_COUNTS = [10, 100];
const RUNS = 3;
/** Team folders must lie inside the project; this one is git-ignored. */
const TEAMS_DIR = path.join("bench", "tmp", "teams");

export interface ConfigScale {
  configuration: string;
  /** `runProgram` of the prod stack under the mock runtime, median of RUNS. */
  programMs: number;
  /** One Alertmanager loading the rendered configuration (`POST /-/reload`, which answers when the load is done), median of RUNS. */
  alertmanagerLoadMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const stackRoutes = (n: number) => ({
  routes: Array.from({ length: n }, (_, i) => ({ name: `team-${i}`, matchers: [`team="t${i}"`], receiver: "slack-alerts", continue: true })),
});

/** n team files, each with its catch-all, a pager and a critical route, as a real team's file looks. */
function teamFiles(n: number): Record<string, unknown> {
  rmSync(path.join(ROOT, TEAMS_DIR), { recursive: true, force: true });
  mkdirSync(path.join(ROOT, TEAMS_DIR), { recursive: true });
  for (let t = 0; t < n; t++) {
    // Credentials come as fake secrets (the program) or capture URLs (the harness), as in the tests.
    const receivers = ["catchall", "pager"].map((name) => ({ name, webhook: { credential: `team${t}${name}Url` } }));
    const file = { receiver: "catchall", receivers, routes: [{ name: "critical", matchers: ['severity="critical"'], receiver: "pager" }] };
    writeFileSync(path.join(ROOT, TEAMS_DIR, `team-${t}.yaml`), toYaml(file));
  }
  return { teams: { folder: TEAMS_DIR } };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}

async function measure(configuration: string, config: Record<string, unknown>, say: (line: string) => void): Promise<ConfigScale> {
  const program: number[] = [];
  for (let run = 0; run < RUNS; run++) program.push(await timed(() => runProgram({ stack: "prod", fakeSecrets: true, config })));
  const pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 1, config });
  const load: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      load.push(
        await timed(async () => {
          const answer = await request(`${pipeline.urls[0]}/-/reload`, { ...pipeline.access, method: "POST" });
          if (answer.status !== 200) throw new Error(`reload of ${configuration}: HTTP ${answer.status} ${answer.body}`);
        }),
      );
    }
  } finally {
    await pipeline.stop();
  }
  say(`${configuration}: program ${median(program)} ms, Alertmanager loads it in ${median(load)} ms`);
  return { configuration, programMs: median(program), alertmanagerLoadMs: median(load) };
}

export async function configScale(say: (line: string) => void): Promise<ConfigScale[]> {
  const out: ConfigScale[] = [];
  for (const n of ROUTE_COUNTS) out.push(await measure(`${n} route${n > 1 ? "s" : ""}`, stackRoutes(n), say));
  try {
    for (const n of TEAM_COUNTS) out.push(await measure(`${n} team files`, teamFiles(n), say));
  } finally {
    rmSync(path.join(ROOT, TEAMS_DIR), { recursive: true, force: true });
  }
  return out;
}
