/** Known fake credentials go in through config; they may come out only inside Pulumi secret values. */
import * as assert from "assert";
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { DEFAULT_RECEIVERS } from "../../config/defaults";
import { credentialSlots, INTEGRATION_KINDS } from "../../config/integrations";
import { credentialKeys } from "../../config/spec";
import { deployedFiles } from "../../offline/deployed-files";
import { runProgram, stackConfig } from "../../offline/program";
import { writeRender } from "../../offline/render-files";
import { tempDir } from "../support/files";
import { EVERY_KIND, everyKindReceiver } from "../support/receiver-kinds";
import { strings } from "../support/resources";

const canary = (key: string) => `leak-canary-${key}-7f3a9c`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

for (const stack of ["prod", "dev"]) {
  describe(`leak test (${stack})`, () => {
    // The dev stack sends no e-mail by default; SMTP settings add the SMTP password to what is fed in.
    // Scrape jobs with every kind of target credential, on both stacks.
    const scrapeJobs = [
      {
        name: "basic",
        targets: ["a:1"],
        basicAuth: { username: "p", passwordCredential: "scrapePassword" },
        tls: { caCredential: "scrapeCa", certCredential: "scrapeCert", keyCredential: "scrapeKey" },
      },
      { name: "bearer", targets: ["b:1"], bearerTokenCredential: "scrapeToken" },
    ];
    // Remote write endpoints with every auth kind, each credential a secret key of its own.
    const remoteWrite = [
      { name: "rw-basic", url: "https://mimir.example.com/api/v1/push", basicAuth: { username: "p", passwordCredential: "rwPassword" } },
      { name: "rw-bearer", url: "https://thanos.example.com/api/v1/receive", bearerTokenCredential: "rwToken" },
      {
        name: "rw-oauth2",
        url: "https://cortex.example.com/api/v1/push",
        oauth2: { clientId: "prom", clientSecretCredential: "rwClientSecret", tokenUrl: "https://auth.example.com/token" },
      },
    ];
    // A receiver of every kind beside the stack's own, so every kind's credential slots are fed too.
    const receivers = [...((stackConfig(stack).receivers as object[] | undefined) ?? DEFAULT_RECEIVERS), everyKindReceiver("every-kind")];
    const config = {
      receivers,
      prometheus: { scrapeJobs, remoteWrite },
      ...(stack === "dev" && { smtp: { smarthost: "smtp.example.com:587", from: "a@example.com", username: "am" }, web: { auth: true } }),
    };
    // Web access on in both, so the web password (and its bcrypt hash) are fed in too.
    const keys = [...credentialKeys({ ...stackConfig(stack), ...config }), "webPassword"];
    const secrets = Object.fromEntries(keys.map((k) => [k, canary(k)]));
    const BCRYPT = /\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/;
    const basicAuth = Buffer.from(`alerting:${canary("webPassword")}`).toString("base64");
    const leaks = (text: string) => [
      ...Object.values(secrets).filter((v) => text.includes(v)),
      ...(BCRYPT.test(text) ? ["a bcrypt hash"] : []),
      ...(text.includes(basicAuth) ? ["the probe's basic-auth header"] : []),
    ];
    const tmp = tempDir(`leak-${stack}`);
    let run: Awaited<ReturnType<typeof runProgram>>;

    before(async () => {
      run = await runProgram({ stack, config, secrets });
    });
    after(() => tmp.remove());

    it("feeds at least one credential of each kind the stack uses, the web password included", () => {
      assert.ok(keys.length >= (stack === "prod" ? 11 : 9), keys.join(", "));
      for (const k of ["scrapePassword", "scrapeCa", "scrapeCert", "scrapeKey", "scrapeToken", "rwPassword", "rwToken", "rwClientSecret"])
        assert.ok(keys.includes(k), k);
      // The one slot without a default key is SNS's, which EVERY_KIND names.
      const slots = INTEGRATION_KINDS.flatMap((kind) => credentialSlots(kind).map((slot) => slot.defaultKey ?? String(EVERY_KIND.sns.credential)));
      assert.deepStrictEqual(
        slots.filter((k) => !keys.includes(k)),
        [],
      );
    });

    it("the web password's bcrypt hash and probe header are deployed, only inside secret values", () => {
      const all = run.resources.flatMap((r) => strings(r.inputs, r.name));
      const hashed = all.filter((s) => BCRYPT.test(s.value) || s.value.includes(basicAuth));
      assert.ok(hashed.length >= 4, "the hash and the probe header reach both servers");
      assert.deepStrictEqual(
        hashed.filter((s) => !s.inSecret).map((s) => s.path),
        [],
      );
    });

    it("every credential reaches a resource, and only inside a secret value", () => {
      const found = run.resources.flatMap((r) => strings(r.inputs, r.name).filter((s) => leaks(s.value).length > 0));
      for (const key of keys)
        assert.ok(
          found.some((s) => s.value.includes(canary(key))),
          `${key} never deployed`,
        );
      const plain = found.filter((s) => !s.inSecret);
      assert.deepStrictEqual(
        plain.map((s) => s.path),
        [],
        "credential outside a secret",
      );
    });

    it("no ConfigMap, env, label or command carries a credential, even unwrapped", () => {
      for (const r of run.resources) {
        const i = r.inputs;
        const exposed = [i.kind === "ConfigMap" ? i.data : undefined, i.envs, i.labels, i.command, i.metadata?.labels, i.metadata?.annotations];
        assert.deepStrictEqual(leaks(JSON.stringify(exposed)), [], r.name);
      }
    });

    it("the rendered alertmanager.yml, prometheus.yml and rule files contain no credential", () => {
      const files = deployedFiles(run.resources);
      const all = { ...files.alertmanager, ...files.prometheus };
      assert.ok(Object.keys(all).length >= 5);
      for (const [name, text] of Object.entries(all)) assert.deepStrictEqual(leaks(text), [], name);
    });

    it("no credential in a stack output unless the output is a secret (webPassword)", () => {
      // prod is the satellites' central: their passwords are exported, as a secret.
      assert.deepStrictEqual(run.secretOutputs, ["webPassword", ...(stack === "prod" ? ["satelliteAccess"] : [])]);
      const plain = Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k)));
      assert.deepStrictEqual(leaks(JSON.stringify(plain)), []);
    });

    it("npm run render writes no credential anywhere", () => {
      writeRender(run, tmp.dir);
      const written = filesUnder(tmp.dir);
      assert.ok(written.length >= 10);
      for (const file of written) assert.deepStrictEqual(leaks(readFileSync(file, "utf8")), [], file);
    });
  });
}
