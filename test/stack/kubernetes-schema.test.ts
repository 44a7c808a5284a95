/** Every Kubernetes object the prod stack registers validates against the Kubernetes API schema. */
import * as assert from "assert";
import { KUBERNETES_SCHEMA_VERSION, SERVED_FROM_1_29_TO_1_35, validateKubernetesObject } from "../../offline/kubernetes-schema";
import { unwrapSecrets } from "../../offline/deployed-files";
import { RegisteredResource, runProgram } from "../../offline/program";

describe(`Kubernetes schema (${KUBERNETES_SCHEMA_VERSION}, kubernetes-models)`, () => {
  let objects: any[];

  before(async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true });
    objects = run.resources
      .filter((r: RegisteredResource) => r.type.startsWith("kubernetes:") && r.custom && r.inputs.kind)
      .map((r) => unwrapSecrets(r.inputs));
  });

  it("validates every object the prod stack registers: 0 errors", () => {
    assert.ok(objects.length >= 14, `${objects.length} objects`);
    const results = objects.map(validateKubernetesObject);
    assert.deepStrictEqual(
      results.filter((r) => r.error),
      [],
    );
  });

  it("emits only API versions that Kubernetes 1.29 through 1.35 serve", () => {
    const emitted = [...new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`))].sort();
    assert.deepStrictEqual(
      emitted.filter((k) => !SERVED_FROM_1_29_TO_1_35.has(k)),
      [],
      emitted.join(", "),
    );
  });

  it("rejects a broken manifest (the validator can fail)", () => {
    const sts = structuredClone(objects.find((o) => o.kind === "StatefulSet"));
    sts.spec.replicas = "three";
    sts.spec.template.spec.containers[0].ports[0].containerPort = "web";
    const result = validateKubernetesObject(sts);
    assert.ok(result.error, "expected a schema error");
    assert.match(result.error!, /replicas|containerPort/);
  });

  it("rejects a missing required field and an unknown kind", () => {
    const svc = structuredClone(objects.find((o) => o.kind === "Service"));
    svc.spec.ports = [{ name: "web" }];
    assert.ok(validateKubernetesObject(svc).error);
    assert.match(validateKubernetesObject({ apiVersion: "v1", kind: "Secrett", metadata: { name: "x" } }).error!, /no schema/);
  });
});
