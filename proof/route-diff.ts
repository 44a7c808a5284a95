/**
 * The routing a change makes: each stack rendered by the program at a base commit and by the
 * working tree, and the two alertmanager.yml proven alike or not (proof/equal-routing). The base
 * is exported with `git archive` to a temporary directory outside the repository (nothing in the
 * repository changes) and rendered by its own scripts/render.ts, with the working tree's
 * node_modules. Used by `npm run route-diff`; docs/route-diff.md.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { Binaries } from "../harness/binaries";
import { BINARY_NAMES, WANTED } from "../harness/binary-choice";
import { atExit, ManagedProcess } from "../harness/processes";
import { proveEqualRouting, Verdict } from "./equal-routing";
import { inPool } from "./pool";

/** What the verdicts call the working tree's side. */
export const WORKING_TREE = "working tree";
/** Rendering one stack takes seconds; ten minutes means it hangs. */
const RENDER_TIMEOUT_MS = 600_000;
const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;
const RENDERED_CONFIG = path.join("alertmanager", "alertmanager.yml");

export interface RouteDiffOptions {
  /** The repository whose working tree is compared (its scripts/render.ts renders it). */
  repo: string;
  /** A git ref of that repository: a commit, branch, tag, `HEAD~1`, `origin/main`. */
  base: string;
  /** The stacks to compare; when not given, every stack with a Pulumi.<stack>.yaml on either side. */
  stacks?: string[];
  /** amtool for the proof; all four for the renders, which check rule files with promtool. */
  binaries: Binaries;
  concurrency?: number;
  /** Ask amtool every derived label set (proof/equal-routing). */
  everyLabelSet?: boolean;
  progress?: (line: string) => void;
}

export interface StackComparison {
  stack: string;
  /** Absent when the stack exists on one side only (`onlyIn` says which). */
  verdict?: Verdict;
  onlyIn?: string;
}

export interface RouteDiff {
  /** The base ref as given, and the commit it names. */
  base: string;
  commit: string;
  stacks: StackComparison[];
}

const git = (repo: string, args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

function resolveCommit(repo: string, ref: string): string {
  try {
    git(repo, ["rev-parse", "--git-dir"]);
  } catch {
    throw new Error(`--base ${ref}: ${repo} is not in a git repository, so there is no base to compare with`);
  }
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new Error(`--base ${ref}: not a commit of the repository at ${repo} (git rev-parse found nothing; fetch it first, e.g. git fetch origin main)`);
  }
}

/**
 * The project's tree at `commit`, and the repository's top to read it from: the project may be a
 * folder of a larger repository, and git restricts ls-tree and archive to the folder it runs in.
 */
const projectTree = (repo: string, commit: string) => ({
  top: git(repo, ["rev-parse", "--show-toplevel"]),
  tree: `${commit}:${git(repo, ["rev-parse", "--show-prefix"])}`,
});

const stacksIn = (names: string[]) => names.flatMap((n) => STACK_FILE.exec(n)?.slice(1, 2) ?? []).sort();

/** render's exit code when everything was written and a later check (schema, promtool) refused something. */
const RENDER_CHECKS_FAILED = 1;

/** The binaries by their variables, so that a render finds them where it has no .tools of its own (the exported base). */
const binaryEnv = (binaries: Binaries): NodeJS.ProcessEnv => ({ ...process.env, ...Object.fromEntries(BINARY_NAMES.map((n) => [WANTED[n].env, binaries[n]])) });

async function render(checkout: string, stack: string, out: string, label: string, env: NodeJS.ProcessEnv): Promise<string> {
  const tsNode = path.join(checkout, "node_modules", "ts-node", "dist", "bin.js");
  const child = new ManagedProcess(
    `render ${label}`,
    process.execPath,
    [tsNode, "--transpile-only", path.join(checkout, "scripts", "render.ts"), "--stack", stack, "--out", out],
    env,
  );
  const timer = setTimeout(() => void child.kill(), RENDER_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  const file = path.join(out, RENDERED_CONFIG);
  // Exit 1 with the file written is render's own later checks (the Kubernetes schema, promtool on
  // rule files) failing: the routing it wrote is still what that side deploys, so it is compared,
  // and the failure is shown. A base rendered with the working tree's newer dependencies meets this.
  if (code === RENDER_CHECKS_FAILED && existsSync(file)) {
    process.stderr.write(
      `route-diff: render ${label} (stack ${stack}) wrote its configuration, then its own checks failed; routing is compared all the same:\n${child.logs(5)}\n`,
    );
  } else if (code !== 0 || !existsSync(file)) {
    throw new Error(`rendering stack ${stack} at ${label} failed (${code === null ? "killed" : `exit ${code}`}):\n${child.logs(20)}`);
  }
  return readFileSync(file, "utf8");
}

export async function routeDiff(options: RouteDiffOptions): Promise<RouteDiff> {
  const say = options.progress ?? (() => undefined);
  const commit = resolveCommit(options.repo, options.base);
  const atBase = `${options.base} (${commit.slice(0, 7)})`;
  const workStacks = stacksIn(readdirSync(options.repo));
  const { top, tree } = projectTree(options.repo, commit);
  const baseStacks = stacksIn(git(top, ["ls-tree", "--name-only", tree]).split("\n"));
  const wanted = options.stacks ?? [...new Set([...workStacks, ...baseStacks])].sort();
  for (const stack of options.stacks ?? []) {
    if (!workStacks.includes(stack) && !baseStacks.includes(stack))
      throw new Error(`--stack ${stack}: no Pulumi.${stack}.yaml in the working tree or at ${atBase}`);
  }
  const both = wanted.filter((s) => workStacks.includes(s) && baseStacks.includes(s));

  const dir = mkdtempSync(path.join(tmpdir(), "proven-alerting-route-diff-"));
  const cancel = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const checkout = path.join(dir, "base");
    mkdirSync(checkout);
    say(`exporting ${atBase} to ${checkout}`);
    const archive = path.join(dir, "base.tar");
    git(top, ["archive", "--format=tar", "-o", archive, tree]);
    execFileSync("tar", ["-xf", archive, "-C", checkout], { stdio: ["ignore", "ignore", "pipe"] });
    rmSync(archive);
    // The base renders with the working tree's dependencies: a base that needs others is a limit (docs/route-diff.md).
    // A base that committed node_modules (a symlink that .gitignore's `node_modules/` misses) gets it replaced too.
    rmSync(path.join(checkout, "node_modules"), { recursive: true, force: true });
    symlinkSync(path.join(options.repo, "node_modules"), path.join(checkout, "node_modules"), "dir");

    const renders = both.flatMap((stack) => [
      { stack, checkout, label: atBase, out: path.join(dir, "out", "base", stack) },
      { stack, checkout: options.repo, label: `the ${WORKING_TREE}`, out: path.join(dir, "out", "work", stack) },
    ]);
    say(`rendering ${both.join(", ")} at ${atBase} and in the ${WORKING_TREE}`);
    const env = binaryEnv(options.binaries);
    const texts = await inPool(renders, (r) => render(r.checkout, r.stack, r.out, r.label, env), options.concurrency);

    const stacks: StackComparison[] = [];
    for (const stack of wanted) {
      if (!both.includes(stack)) {
        stacks.push({ stack, onlyIn: workStacks.includes(stack) ? WORKING_TREE : atBase });
        continue;
      }
      const i = both.indexOf(stack) * 2;
      say(`proving stack ${stack}: ${atBase} against the ${WORKING_TREE}`);
      const verdict = await proveEqualRouting(
        { name: options.base, text: texts[i] },
        { name: WORKING_TREE, text: texts[i + 1] },
        { amtool: options.binaries.amtool, concurrency: options.concurrency, everyLabelSet: options.everyLabelSet },
      );
      stacks.push({ stack, verdict });
    }
    return { base: options.base, commit, stacks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    cancel();
  }
}
