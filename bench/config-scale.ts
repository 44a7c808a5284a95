/** What the size of a configuration costs: the program's evaluation, and Alertmanager's start with the rendered routes. */
import { binaries } from "../harness/binaries";
import { startPipeline } from "../harness/pipeline";
import { runProgram } from "../offline/program";

export const ROUTE_COUNTS = [1, 100, 1_000];
const RUNS = 3;

export interface ConfigScale {
  routes: number;
  /** `runProgram` of the prod stack under the mock runtime, median of RUNS. */
  programMs: number;
  /** One Alertmanager started on the rendered configuration until ready, median of RUNS. */
  alertmanagerReadyMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const teamRoutes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `team-${i}`, matchers: [`team="t${i}"`], receiver: "slack-alerts", continue: true }));

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}

export async function configScale(): Promise<ConfigScale[]> {
  const out: ConfigScale[] = [];
  for (const routes of ROUTE_COUNTS) {
    const program: number[] = [];
    for (let run = 0; run < RUNS; run++)
      program.push(await timed(() => runProgram({ stack: "prod", fakeSecrets: true, config: { routes: teamRoutes(routes) } })));
    const pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 1, config: { routes: teamRoutes(routes) } });
    const ready: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        await pipeline.replicas[0].process!.stop();
        ready.push(await timed(() => pipeline.restartReplica(0)));
      }
    } finally {
      await pipeline.stop();
    }
    out.push({ routes, programMs: median(program), alertmanagerReadyMs: median(ready) });
    console.log(`bench:   ${routes} routes: program ${median(program)} ms, Alertmanager ready in ${median(ready)} ms`);
  }
  return out;
}
