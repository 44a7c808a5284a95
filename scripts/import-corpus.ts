/**
 * The import over a folder of public Alertmanager configurations kept outside the project
 * (docs/migrating.md#a-public-corpus): every file the real amtool accepts is imported into a
 * throwaway project, and must prove equal routing with no secret value in the stack file.
 * `npx ts-node --transpile-only scripts/import-corpus.ts <folder>`; exit 1 when one does not.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { binaries } from "../harness/binaries";
import { alertmanagerConfigOf } from "../import/convert";
import { runImport } from "../import/run";

/** Below this length a secret (a placeholder such as "url") may occur inside other text; it is compared as a whole value only. */
const MIN_SUBSTRING_SECRET = 8;

type Outcome = {
  file: string;
  result: "equal" | "differs" | "refused" | "rendered, refused by amtool" | "leaked" | "not accepted by amtool";
  detail: string;
  ms?: number;
};

function amtoolAccepts(amtool: string, file: string, dir: string): boolean {
  let config: unknown;
  try {
    config = alertmanagerConfigOf(parse(readFileSync(file, "utf8")), file);
  } catch {
    return false;
  }
  const plain = path.join(dir, "check.yml");
  writeFileSync(plain, stringify(config));
  try {
    execFileSync(amtool, ["check-config", plain], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

const leaves = (v: unknown): string[] => (typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(leaves) : []);
/** The source's inline sigv4 keys, which the import lifts into one AWS shared-credentials file rather than a key each. */
const SIGV4_KEYS = ["access_key", "secret_key"];
const sigv4Keys = (v: unknown): string[] =>
  v && typeof v === "object"
    ? Object.entries(v).flatMap(([k, inner]) =>
        k === "sigv4" && inner && typeof inner === "object"
          ? Object.entries(inner)
              .filter(([f]) => SIGV4_KEYS.includes(f))
              .flatMap(([, key]) => leaves(key))
          : sigv4Keys(inner),
      )
    : [];
/** Each key of a lifted shared-credentials file: the values of its `name=value` lines. */
const credentialsFileValues = (text: string) => text.split("\n").flatMap((line) => (/^\w+=/.test(line) ? [line.slice(line.indexOf("=") + 1)] : []));

async function one(amtool: string, file: string): Promise<Outcome> {
  const project = mkdtempSync(path.join(tmpdir(), "import-corpus-"));
  const name = path.basename(file);
  try {
    if (!amtoolAccepts(amtool, file, project)) return { file: name, result: "not accepted by amtool", detail: "" };
    const start = Date.now();
    const report = await runImport({ file, stack: "corpus", project, target: "kubernetes", force: false, showSecrets: false, amtool, print: () => undefined });
    const ms = Date.now() - start;
    const text = readFileSync(report.stackFile, "utf8");
    // A secret value may equal a plain value of the source (a password equal to a receiver's name): it may appear as often as that.
    const written = leaves(parse(text));
    const source = leaves(parse(readFileSync(file, "utf8")));
    // Values only: a secret such as "password" is also the name of the key that held it.
    const holding = (list: string[], v: string) => list.filter((l) => l === v || (v.length >= MIN_SUBSTRING_SECRET && l.includes(v))).length;
    const lifted = sigv4Keys(parse(readFileSync(file, "utf8")));
    const leaked = report.conversion.secrets.filter((s) =>
      s.holds === "awsSharedCredentials"
        ? // Each key may appear as often as the source has it outside sigv4.
          credentialsFileValues(s.value ?? "").some((v) => holding(written, v) > holding(source, v) - holding(lifted, v))
        : s.value !== undefined && holding(written, s.value) > holding(source, s.value) - 1 - s.also.length,
    );
    if (leaked.length > 0) return { file: name, result: "leaked", detail: leaked.map((s) => s.from).join(", "), ms };
    if (report.amtoolCheck !== undefined) return { file: name, result: "rendered, refused by amtool", detail: report.amtoolCheck, ms };
    return {
      file: name,
      result: report.verdict?.equal ? "equal" : "differs",
      detail: `${report.conversion.secrets.length} secrets; ${report.verdictLine}`,
      ms,
    };
  } catch (err) {
    return { file: name, result: "refused", detail: (err as Error).message.split("\n").slice(0, 4).join(" | ") };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function main() {
  const folder = process.argv[2];
  if (!folder) throw new Error("usage: scripts/import-corpus.ts <folder of alertmanager.yml files>");
  const amtool = binaries().amtool;
  const files = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const outcomes: Outcome[] = [];
  for (const f of files) {
    const o = await one(amtool, path.join(folder, f));
    outcomes.push(o);
    console.log(`${o.result.padEnd(22)} ${o.file}${o.ms !== undefined ? ` (${o.ms} ms)` : ""}${o.detail ? `: ${o.detail}` : ""}`);
  }
  const count = (r: Outcome["result"]) => outcomes.filter((o) => o.result === r).length;
  console.log(
    `corpus: ${files.length} files, ${files.length - count("not accepted by amtool")} accepted by amtool: ${count("equal")} imported with equal routing, ${count("differs")} differ, ${count("refused")} refused, ${count("rendered, refused by amtool")} rendered but refused by amtool, ${count("leaked")} leaked a secret`,
  );
  if (count("differs") + count("refused") + count("rendered, refused by amtool") + count("leaked") > 0) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`import-corpus: ${err.message}`);
  process.exitCode = 1;
});
