/**
 * The real amtool's reading of a routing tree, and its answer to "which receivers does this label
 * set go to?" for many label sets:
 * `amtool config routes test` takes one label set per call, so the calls run side by side, as
 * many as there are cores (proof/pool). Every process is awaited, and killed on a timeout or when
 * the program exits (harness/processes).
 */
import { labelArgument } from "../harness/amtool-labels";
import { ManagedProcess } from "../harness/processes";
import type { Labels } from "./label-sets";
import { inPool } from "./pool";

/** One call loads the configuration and routes one alert: milliseconds, so a minute means amtool hangs. */
const CALL_TIMEOUT_MS = 60_000;
/**
 * A call is a short-lived Go process: parsing the configuration is most of its work, and
 * garbage collection during it only costs time (about a quarter, measured on a 1,000-route tree).
 */
const AMTOOL_ENV = { GOGC: "off" };
/** What amtool says on every call with --config.file; noise in an error message. */
const URL_WARNING = "Warning: --config.file flag overrides";

export interface RoutesQuestion {
  /** The configuration file amtool reads. */
  configFile: string;
  /** What messages call the configuration. */
  configName: string;
  labels: Labels;
}

/** amtool's stdout for `args`; `asked` names the call in an error, which carries what amtool said. */
async function runAmtool(amtool: string, args: string[], asked: string): Promise<string> {
  const child = new ManagedProcess("amtool", amtool, args, { ...process.env, ...AMTOOL_ENV });
  let stdout = "";
  child.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const drained = new Promise((resolve) => child.child.stdout!.once("close", resolve));
  const timer = setTimeout(() => void child.kill(), CALL_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  await drained;
  if (code !== 0) {
    const said = child
      .logs(10)
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith(URL_WARNING))
      .join("\n");
    throw new Error(`${asked}: ${code === null ? `no answer within ${CALL_TIMEOUT_MS} ms` : `exit ${code}`}: ${said}`);
  }
  return stdout;
}

async function routesTest(amtool: string, q: RoutesQuestion): Promise<string> {
  const labels = Object.entries(q.labels).map(([n, v]) => labelArgument(n, v));
  const stdout = await runAmtool(
    amtool,
    ["config", "routes", "test", `--config.file=${q.configFile}`, ...labels],
    `amtool config routes test for ${q.configName} ${labels.join(" ")}`.trimEnd(),
  );
  // The first line is the receivers, comma-separated; the warning goes to stderr.
  return stdout.split("\n")[0].trim();
}

/**
 * The routing tree as amtool reads it and prints it (`amtool config routes show`): every route's
 * matchers in Go's canonical form, `continue` and receiver, in order. Two configurations it prints
 * alike (and whose routes have the same time intervals, which it does not print) route every
 * label set alike.
 */
export const amtoolTree = (amtool: string, configFile: string, configName: string): Promise<string> =>
  runAmtool(amtool, ["config", "routes", "show", `--config.file=${configFile}`], `amtool config routes show for ${configName}`);

/** amtool's receivers line (`a,b`, in the tree's order) for each question, in the questions' order. */
export const amtoolReceivers = (amtool: string, questions: RoutesQuestion[], concurrency?: number): Promise<string[]> =>
  inPool(questions, (q) => routesTest(amtool, q), concurrency);
