/** Maintenance silences as the program deploys them: a Job per change on Kubernetes, a one-shot container locally. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { localSilences, oneShotFailure } from "../../components/local/silences";
import { buildSpec } from "../../config/spec";
import { validateKubernetesObject } from "../../offline/kubernetes-schema";
import { unwrapSecrets } from "../../offline/deployed-files";
import { runPolicies } from "../../offline/policy-runner";
import { ProgramRun, runProgram, runStack } from "../../offline/program";
import { policies } from "../../policy/policies";
import { byKind, changedResources, container, one, strings, unwrap } from "../support/resources";

const SILENCE = {
  name: "db-migration",
  matchers: ['service="checkout"'],
  startsAt: "2099-01-01T22:00:00Z",
  endsAt: "2099-01-02T02:00:00Z",
  comment: "CHG-1234: schema migration",
  author: "ops@example.com",
};
const PASSWORD = "correct horse battery staple";
const TLS = { webTlsCert: "-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n", webTlsKey: "tls-key-value" };

const prod = (silences: object[] = [SILENCE], secrets: Record<string, string> = {}) =>
  runProgram({ stack: "prod", fakeSecrets: true, config: { silences }, secrets: { webPassword: PASSWORD, ...secrets } });

const jobs = (run: ProgramRun) => byKind(run.resources, "Job").map((r) => r.inputs);
const theJob = (run: ProgramRun) => {
  const found = jobs(run);
  assert.strictEqual(found.length, 1, `expected one Job, found ${found.length}`);
  return found[0];
};
const podSpec = (run: ProgramRun) => theJob(run).spec.template.spec;
const env = (run: ProgramRun) => Object.fromEntries(podSpec(run).containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));

/** Whether a label selector (matchLabels) selects a pod with these labels. */
const selects = (matchLabels: Record<string, string>, labels: Record<string, string>) => Object.entries(matchLabels).every(([k, v]) => labels[k] === v);

describe("stack: silences", () => {
  describe("prod: the Job and what it runs with", () => {
    let run: ProgramRun;
    before(async () => {
      run = await prod();
    });

    it("a Job named by its content hash, its ConfigMap and ServiceAccount, in the stack's namespace", () => {
      const job = theJob(run);
      assert.match(job.metadata.name, /^alertmanager-silences-[0-9a-f]{10}$/);
      assert.strictEqual(job.metadata.namespace, "monitoring");
      assert.strictEqual(job.spec.template.metadata.annotations["checksum/silences"], job.metadata.name.split("-").pop());
      const cm = one(run.resources, "ConfigMap", "alertmanager-silences");
      assert.deepStrictEqual(Object.keys(cm.data).sort(), ["silences.js", "silences.json"]);
      const file = JSON.parse(cm.data["silences.json"]);
      assert.strictEqual(file.stack, "prod");
      assert.deepStrictEqual(
        file.silences.map((s: { comment: string }) => s.comment),
        [SILENCE.comment],
      );
      assert.strictEqual(podSpec(run).serviceAccountName, "alertmanager-silences");
      assert.deepStrictEqual(podSpec(run).volumes[0], { name: "reconciler", configMap: { name: "alertmanager-silences" } });
    });

    it("its own ServiceAccount: no token, and no Role or RoleBinding for it", () => {
      const sa = one(run.resources, "ServiceAccount", "alertmanager-silences");
      assert.strictEqual(sa.automountServiceAccountToken, false);
      assert.strictEqual(podSpec(run).automountServiceAccountToken, false);
      const bindings = [...byKind(run.resources, "RoleBinding"), ...byKind(run.resources, "ClusterRoleBinding")];
      const subjects = bindings.flatMap((b) => b.inputs.subjects ?? []);
      assert.deepStrictEqual(
        subjects.filter((s: { name: string }) => s.name === "alertmanager-silences"),
        [],
      );
      assert.ok(![...byKind(run.resources, "Role"), ...byKind(run.resources, "ClusterRole")].some((r) => /silences/.test(r.inputs.metadata.name)));
    });

    it("restricted Pod Security Standard, requests and limits, bounded retries, deadline and TTL", () => {
      const pod = podSpec(run);
      assert.deepStrictEqual(pod.securityContext, {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      });
      const c = pod.containers[0];
      assert.deepStrictEqual(c.securityContext, {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      for (const kind of ["requests", "limits"]) for (const r of ["cpu", "memory"]) assert.ok(c.resources[kind][r], `${kind}.${r}`);
      assert.strictEqual(pod.restartPolicy, "Never");
      const spec = theJob(run).spec;
      assert.ok(spec.backoffLimit > 0 && spec.backoffLimit <= 3, `backoffLimit ${spec.backoffLimit}`);
      // Below Pulumi's 10-minute wait for a Job, so `pulumi up` reports the Job's own failure.
      assert.ok(spec.activeDeadlineSeconds > 0 && spec.activeDeadlineSeconds < 600, `activeDeadlineSeconds ${spec.activeDeadlineSeconds}`);
      assert.ok(spec.ttlSecondsAfterFinished > 0);
      assert.deepStrictEqual(c.command, ["node", "/reconcile/silences.js"]);
      assert.match(c.image, /^node:\d+\.\d+\.\d+-alpine$/, "the pinned official node image");
    });

    it("runs against replica 0 with the web user and the password file from the Alertmanager web Secret (password only, no server key)", () => {
      assert.deepStrictEqual(env(run), {
        ALERTMANAGER_URL: "http://alertmanager-0.alertmanager-cluster.monitoring.svc:9093",
        SILENCES_FILE: "/reconcile/silences.json",
        WEB_USERNAME: "alerting",
        WEB_PASSWORD_FILE: "/web/password",
      });
      const web = podSpec(run).volumes.find((v: { name: string }) => v.name === "web");
      assert.deepStrictEqual(web.secret.items, [{ key: "password", path: "password" }]);
      assert.strictEqual(web.secret.secretName, "alertmanager-web");
      assert.strictEqual(web.secret.defaultMode, 0o440);
    });

    it("with TLS: https and the CA file, still no server key", async () => {
      const tls = await prod([SILENCE], TLS);
      assert.strictEqual(env(tls).ALERTMANAGER_URL, "https://alertmanager-0.alertmanager-cluster.monitoring.svc:9093");
      assert.strictEqual(env(tls).WEB_CA_FILE, "/web/ca.crt");
      const web = podSpec(tls).volumes.find((v: { name: string }) => v.name === "web");
      assert.deepStrictEqual(
        web.secret.items.map((i: { key: string }) => i.key),
        ["password", "ca.crt"],
      );
    });

    it("waits for the Alertmanager StatefulSet, its ConfigMap, account, NetworkPolicy and the web Secret", () => {
      const job = byKind(run.resources, "Job")[0];
      for (const dependency of [
        "alerting-alertmanager",
        "alerting-silences-config",
        "alerting-silences-sa",
        "alerting-silences-netpol",
        "alerting-alertmanager-web",
      ])
        assert.ok(job.dependsOn.includes(dependency), `${dependency} in ${job.dependsOn.join(", ")}`);
    });

    it("the NetworkPolicy admits the Job's pods to Alertmanager's web port, and the Job's pods are none of Alertmanager's", () => {
      const labels = theJob(run).spec.template.metadata.labels;
      const policy = one(run.resources, "NetworkPolicy", "alertmanager-silences");
      const amPods = one(run.resources, "StatefulSet", "alertmanager").spec.template.metadata.labels;
      assert.ok(selects(policy.spec.podSelector.matchLabels, amPods), "selects Alertmanager's pods");
      const rule = policy.spec.ingress[0];
      assert.ok(selects(rule.from[0].podSelector.matchLabels, labels), "admits the Job's pods");
      assert.deepStrictEqual(rule.ports, [{ port: 9093, protocol: "TCP" }]);
      // Nothing of Alertmanager's (StatefulSet, Services, PDB, its own NetworkPolicy) selects the Job's pods.
      assert.ok(!selects(one(run.resources, "StatefulSet", "alertmanager").spec.selector.matchLabels, labels));
      assert.ok(!selects(one(run.resources, "Service", "alertmanager").spec.selector, labels));
      assert.ok(!selects(one(run.resources, "NetworkPolicy", "alertmanager").spec.podSelector.matchLabels, labels));
    });

    it("every silences object validates against the Kubernetes schema", () => {
      const objects = run.resources.filter((r) => r.name.startsWith("alerting-silences")).map((r) => unwrapSecrets(r.inputs));
      assert.deepStrictEqual(objects.map((o) => o.kind).sort(), ["ConfigMap", "Job", "NetworkPolicy", "ServiceAccount"]);
      assert.deepStrictEqual(
        objects.map(validateKubernetesObject).filter((r) => r.error),
        [],
      );
      const broken = structuredClone(objects.find((o) => o.kind === "Job"));
      broken.spec.backoffLimit = "two";
      assert.ok(validateKubernetesObject(broken).error, "the validator can fail on a Job");
    });

    it("the policy pack passes the silences objects", async () => {
      const result = await runPolicies(
        run.resources.filter((r) => r.name.startsWith("alerting-silences")),
        policies,
      );
      assert.deepStrictEqual(result.violations, []);
      assert.ok(result.ran.length > 0);
    });

    it("no credential value in the ConfigMap or the Job", () => {
      for (const name of ["alerting-silences-config", "alerting-silences"]) {
        const r = run.resources.find((x) => x.name === name)!;
        const found = strings(r.inputs).filter((s) => s.value.includes(PASSWORD) || s.value.includes(Buffer.from(`alerting:${PASSWORD}`).toString("base64")));
        assert.deepStrictEqual(found, [], name);
      }
    });
  });

  describe("prod: a change is a new Job, nothing else is", () => {
    it("the same silences give the same Job; a changed or removed silence a new name; the Job always exists", async () => {
      // One at a time: the mocks are process-wide.
      const a = await prod();
      const again = await prod();
      const changed = await prod([{ ...SILENCE, endsAt: "2099-01-02T04:00:00Z" }]);
      const none = await prod([]);
      const name = (run: ProgramRun) => theJob(run).metadata.name;
      assert.strictEqual(name(again), name(a));
      assert.deepStrictEqual(changedResources(a.resources, again.resources), []);
      assert.notStrictEqual(name(changed), name(a));
      assert.deepStrictEqual(changedResources(a.resources, changed.resources), ["alerting-silences", "alerting-silences-config"]);
      assert.notStrictEqual(name(none), name(a));
      assert.deepStrictEqual(JSON.parse(one(none.resources, "ConfigMap", "alertmanager-silences").data["silences.json"]).silences, []);
    });

    it("a rotated web password changes no silences object: the Job reads the file", async () => {
      const rotated = await runProgram({
        stack: "prod",
        fakeSecrets: true,
        config: { silences: [SILENCE] },
        secrets: { webPassword: "another password entirely" },
      });
      const before = await prod();
      assert.strictEqual(theJob(rotated).metadata.name, theJob(before).metadata.name);
      assert.deepStrictEqual(
        changedResources(before.resources, rotated.resources).filter((n) => n.includes("silences")),
        [],
      );
    });
  });

  describe("dev: the one-shot container", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStack("dev", { config: { silences: [SILENCE] } });
    });

    it("runs to completion on the stack's network, after replica 0, as the node user with limits", () => {
      const c = container(run.resources, "alerting-silences");
      assert.strictEqual(c.attach, true);
      assert.strictEqual(c.logs, true);
      assert.strictEqual(c.mustRun, false);
      assert.strictEqual(c.restart, "no");
      assert.strictEqual(c.wait, undefined);
      assert.strictEqual(c.user, "node");
      assert.ok(c.memory > 0 && Number(c.cpus) > 0);
      assert.deepStrictEqual(c.networksAdvanced, [{ name: "alerting" }]);
      assert.ok(c.envs.includes("ALERTMANAGER_URL=http://alerting-alertmanager-0:9093"), c.envs.join(" "));
      const r = run.resources.find((x) => x.name === "alerting-silences")!;
      assert.ok(r.dependsOn.includes("alerting-alertmanager-0"), r.dependsOn.join(", "));
      assert.strictEqual(r.deleteBeforeReplace, true);
      const files = Object.fromEntries(unwrap(c.uploads).map((u: { file: string; content: string }) => [u.file, u.content]));
      assert.deepStrictEqual(Object.keys(files).sort(), ["/reconcile/silences.js", "/reconcile/silences.json"]);
      assert.strictEqual(JSON.parse(files["/reconcile/silences.json"]).stack, "dev");
    });

    it("with web.auth: the password and nothing else of the web directory, as a secret", async () => {
      const auth = await runStack("dev", { config: { silences: [SILENCE], web: { auth: true } }, secrets: { webPassword: PASSWORD } });
      const c = auth.resources.find((x) => x.name === "alerting-silences")!.inputs;
      const uploads = strings(c.uploads).filter((s) => s.path.endsWith(".file"));
      assert.deepStrictEqual(
        uploads.map((u) => u.value),
        ["/reconcile/silences.js", "/reconcile/silences.json", "/reconcile/web/password"],
      );
      const password = strings(c.uploads).filter((s) => s.value === PASSWORD);
      assert.strictEqual(password.length, 1);
      assert.ok(password[0].inSecret, "the password upload is a secret");
      assert.ok(c.envs.includes("WEB_PASSWORD_FILE=/reconcile/web/password"));
    });

    it("an unchanged apply changes nothing; a changed silence replaces only the one-shot container", async () => {
      const again = await runStack("dev", { config: { silences: [SILENCE] } });
      assert.deepStrictEqual(changedResources(run.resources, again.resources), []);
      const changed = await runStack("dev", { config: { silences: [{ ...SILENCE, comment: "CHG-1235" }] } });
      assert.deepStrictEqual(changedResources(run.resources, changed.resources), ["alerting-silences"]);
    });

    it("the dev stack is policy-clean with the one-shot container", async () => {
      const result = await runPolicies(run.resources, policies);
      assert.deepStrictEqual(result.violations, []);
    });
  });

  describe("localSilences: the exit code the provider records is checked", () => {
    /** The container's run as the provider reports it after `attach`: the exit code and the output. */
    async function checkedRunWith(exitCode: number): Promise<unknown> {
      await pulumi.runtime.setMocks(
        {
          newResource: (args) => ({
            id: `${args.name}-id`,
            state: { ...args.inputs, exitCode, containerLogs: "Alertmanager at http://x not ready within 180s\n" },
          }),
          call: () => ({}),
        },
        "alerting",
        "dev",
        false,
      );
      const spec = buildSpec({ values: { target: "local", silences: [SILENCE] }, secretKeys: new Set() });
      const { checkedRun } = localSilences("t-silences", { spec, files: { script: "", silences: "{}" }, network: "n", dependsOn: [] }, {});
      // The Output's own promise: the engine sees the same rejection and fails the update.
      return (checkedRun as unknown as { promise(): Promise<unknown> }).promise();
    }

    it("exit 0 resolves", async () => assert.strictEqual(await checkedRunWith(0), 0));

    it("a non-zero exit rejects with the container, the code and its output", async () => {
      await assert.rejects(
        checkedRunWith(3),
        /^Error: silences: container alerting-silences exited with code 3:\nAlertmanager at http:\/\/x not ready within 180s$/,
      );
    });
  });

  describe("oneShotFailure: what fails `pulumi up` after the container exited", () => {
    it("exit 0, or no exit code yet (a preview), is no failure", () => {
      assert.strictEqual(oneShotFailure("c", 0, "silences: created 1, expired 0, unchanged 0\n"), undefined);
      assert.strictEqual(oneShotFailure("c", undefined, undefined), undefined);
    });

    it("any other exit code fails, with the end of the output", () => {
      const logs = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
      const failure = oneShotFailure("alerting-silences", 1, logs)!;
      assert.match(failure, /^container alerting-silences exited with code 1:\nline 10\n/);
      assert.match(failure, /line 29$/);
      assert.ok(!failure.includes("line 9\n"));
      assert.strictEqual(oneShotFailure("c", 2, ""), "container c exited with code 2");
    });
  });
});
