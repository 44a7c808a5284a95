/** config/teams.ts: which files of the teams folder are team files, and the exact message for each way a team file is refused. */
import * as assert from "assert";
import { loadTeams } from "../../config/teams";
import { folders, problems } from "../support/routing-values";

const TEAM = `
receiver: catchall
receivers:
  - name: catchall
    webhook: { credential: checkoutUrl }
`;

describe("teams: loadTeams reads team files only", () => {
  const load = (files: Record<string, string>) => loadTeams({ teams: { label: "team", continue: false }, smtp: undefined, severityWords: {} }, folders(files));

  it("reads *.yaml and *.yml files and nothing else in the folder", () => {
    const loaded = load({ "teams/a.yaml": TEAM, "teams/b.yml": TEAM, "teams/README.md": "# teams", "teams/c.yaml.orig": TEAM, "teams/d.ymlx": TEAM });
    assert.deepStrictEqual(
      loaded.teams.map((t) => [t.name, t.file]),
      [
        ["a", "teams/a.yaml"],
        ["b", "teams/b.yml"],
      ],
    );
    assert.deepStrictEqual(loaded.issues, []);
  });
});

describe("teams: a team file refused, with the exact message", () => {
  const cases: [title: string, text: string, expected: string][] = [
    [
      "a file that is not YAML: the parser's first line, without its excerpt",
      "receiver: [",
      "teams/checkout.yaml: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
    [
      "a value of the wrong type, shown as given",
      `${TEAM}\nrepeatInterval: 5\n`,
      "teams/checkout.yaml: repeatInterval: 5 is not a string; use a duration such as 30s, 5m, 4h",
    ],
    [
      "a receiver that is not a name, shown as given",
      TEAM.replace("receiver: catchall", "receiver: 5"),
      "teams/checkout.yaml: receiver: 5 is not a string; use a name",
    ],
    ["an empty matcher list", `matchers: []\n${TEAM}`, "teams/checkout.yaml: matchers: [] is empty; leave it out to match the team label"],
    ["no receivers", "receiver: catchall\nreceivers: []\n", "teams/checkout.yaml: receivers: [] is empty; a team needs at least its catch-all receiver"],
  ];
  for (const [title, text, expected] of cases) {
    it(`refuses ${title}`, () => assert.deepStrictEqual(problems({}, { "teams/checkout.yaml": text }), [expected]));
  }
});
