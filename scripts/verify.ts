/**
 * npm run verify -- --stack <dev|prod> [--config FILE] [--scenarios FILE] [--quiet]
 * Boots the real Alertmanager (cluster as configured) and Prometheus with the stack's rendered
 * configuration, every receiver endpoint swapped for a local capture endpoint, fires the
 * routing scenarios and prints what each receiver got. First it checks the user rule files as
 * deployed with promtool and runs the promtool tests found in the stack's rule folders against them. Exits 1 on any failure or mismatch.
 * --config: YAML of `alerting:` keys merged over the stack file, written like Pulumi.<stack>.yaml
 * (`config:` with `alerting:<key>`), with prefixed keys, or with bare keys.
 */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { startPipeline } from "../harness/pipeline";
import { ROUTING_TABLE, Scenario } from "../harness/scenarios";
import { checkDeployedRules, runRuleTests } from "../harness/rule-tests";
import { formatTable, runScenarios } from "../harness/verify";
import { binaries } from "../harness/binaries";
import { parseArgs } from "../offline/cli-args";
import { withProgress } from "../offline/progress";
import { alertingValues } from "../offline/program";

async function main(): Promise<number> {
  const { progress, args: rest } = withProgress("verify", process.argv.slice(2));
  const args = parseArgs(rest, { stack: true, config: false, scenarios: false });
  const config = args.config ? alertingValues(parse(readFileSync(args.config, "utf8")), args.config) : undefined;
  const scenarios = args.scenarios ? (parse(readFileSync(args.scenarios, "utf8")) as Scenario[]) : ROUTING_TABLE;
  progress.phase(`starting Prometheus and Alertmanager with stack ${args.stack}'s rendered configuration`);
  const pipeline = await startPipeline({ stack: args.stack, binaries: binaries(), config, prometheus: true });
  try {
    progress.phase("checking the user rule files as deployed (promtool check rules) and running the rule folders' promtool tests");
    const refused = (await checkDeployedRules(pipeline.spec, binaries().promtool)).filter((c) => !c.ok);
    for (const c of refused) console.log(`verify: promtool check rules refuses ${c.file}:\n${c.output}`);
    const ruleTests = await runRuleTests(pipeline.spec, binaries().promtool);
    for (const t of ruleTests) console.log(`verify: rule tests ${t.file}: ${t.ok ? "ok" : `FAILED\n${t.output}`}`);
    const failedTests = [...refused, ...ruleTests.filter((t) => !t.ok)];
    progress.phase(`stack ${args.stack}: ${pipeline.replicas.length} Alertmanager replica(s) and Prometheus running; firing ${scenarios.length} scenarios`);
    const results = await runScenarios(pipeline, scenarios);
    console.log(formatTable(results));
    const failed = results.filter((r) => !r.ok);
    for (const f of failed)
      console.log(
        `verify: MISMATCH in scenario "${f.scenario}": expected ${f.expected.join(", ") || "nothing"}, received ${f.received.join(", ") || "nothing"}`,
      );
    console.log(`verify: ${results.length - failed.length} of ${results.length} scenarios as expected`);
    if (ruleTests.length > 0) console.log(`verify: ${ruleTests.filter((t) => t.ok).length} of ${ruleTests.length} rule test files passed`);
    return failed.length === 0 && failedTests.length === 0 ? 0 : 1;
  } finally {
    await pipeline.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`verify: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
