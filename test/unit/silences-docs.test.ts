/** docs/silences.md as written: its two examples pass the checks, and the messages it quotes are the ones the program gives. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, formatIssue } from "../../config/errors";
import { buildSpec } from "../../config/spec";
import { alertingValues, ROOT } from "../../offline/program";
import { BASE, folders } from "../support/routing-values";

const PROSE = readFileSync(path.join(ROOT, "docs", "silences.md"), "utf8");
const block = (label: string) => {
  const found = [...PROSE.matchAll(/```yaml (\S+)\n([\s\S]*?)```/g)].filter((m) => m[1] === label);
  assert.strictEqual(found.length, 1, `one yaml block labelled ${label}`);
  return found[0][2];
};
const STACK = alertingValues(parse(block("Pulumi.prod.yaml")), "docs/silences.md");
const TEAM_FILE = block("teams/checkout.yaml");

function build(now: string, stack = STACK, team = TEAM_FILE) {
  return buildSpec({ values: { ...BASE, ...stack }, secretKeys: new Set(), readFolder: folders({ "teams/checkout.yaml": team }), now: new Date(now) });
}

function problems(stack: Record<string, unknown>, team = TEAM_FILE): string[] {
  try {
    build("2026-05-01T00:00:00Z", stack, team);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map(formatIssue);
  }
}

/** The page quotes each message in backticks on a line of its own list item or paragraph. */
const quoted = (message: string) => assert.ok(PROSE.replace(/\n\s*/g, " ").includes(`\`${message}\``), `docs/silences.md quotes: ${message}`);

describe("docs/silences.md: the examples, as written", () => {
  it("the stack's and the team's silences are accepted, the team's named within the team and holding its matcher", () => {
    const spec = build("2026-05-01T00:00:00Z");
    assert.deepStrictEqual(
      spec.silences.map((s) => [s.id, s.matchers]),
      [
        ["orders-db-migration", ['service="orders-db"', 'env="prod"']],
        ["checkout/canary", ['team="checkout"', 'service="checkout-api"', 'severity=~"warning|info"']],
      ],
    );
  });

  it("the quoted past-end warning is the one given once the window has passed", () => {
    const warning = build("2026-05-03T00:30:00Z").warnings.filter((w) => w.includes("silences"));
    assert.strictEqual(warning.length, 1);
    quoted(warning[0]);
  });

  it("the quoted too-long message is the one given", () => {
    const [silence] = STACK.silences as Record<string, unknown>[];
    const found = problems({ silences: [{ ...silence, endsAt: "2026-05-20T02:00:00Z" }] });
    assert.strictEqual(found.length, 1);
    quoted(found[0]);
  });

  it("the quoted team-isolation message is the one given", () => {
    const found = problems(STACK, TEAM_FILE.replace(`'service="checkout-api"'`, `'team="payments"'`));
    assert.strictEqual(found.length, 1);
    quoted(found[0]);
  });
});
