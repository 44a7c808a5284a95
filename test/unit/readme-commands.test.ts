/**
 * The README's first screen: every command in it runs somewhere as written. `npm ci && npm test`
 * is .ci/run's job, `npm ci && npm start` the sandbox test's (test/e2e/sandbox.test.ts), and only
 * `pulumi` itself is left to the user.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../../offline/program";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The commands of the shell blocks before the first section after "The two commands", comments dropped. */
function firstScreenCommands(): string[] {
  const readme = read("README.md");
  const start = readme.indexOf("## The two commands");
  const end = readme.indexOf("\n## ", start + 1);
  return [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1].split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

describe("README first screen", () => {
  const commands = firstScreenCommands();

  it("holds the test, sandbox and deploy commands, one-time setup included", () => {
    assert.deepStrictEqual(commands, [
      "npm ci && npm test",
      "npm ci && npm start",
      "npm ci",
      "pulumi login --local",
      "pulumi stack init dev",
      "pulumi up --stack dev",
    ]);
  });

  it("every command but pulumi's is run: npm ci and npm test by .ci/run, npm start by the sandbox test", () => {
    const ci = read(".ci/run");
    assert.match(ci, /^npm ci\b/m);
    assert.match(ci, /suite "npm test .*" npm test$/m);
    assert.match(read("test/e2e/sandbox.test.ts"), /spawn\("npm", \["start"\]/);
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.start, /scripts\/sandbox\.ts --stack dev$/);
    assert.match(scripts.test, /mocha/);
    for (const c of commands.filter((c) => !c.startsWith("pulumi "))) assert.match(c, /^npm ci( && npm (test|start))?$/, c);
  });
});
