/** config/checks.ts: the one shared-credentials file Alertmanager reads, when only some receivers name it. */
import * as assert from "assert";
import { issues, minimal } from "../support/config-values";

const SNS = { region: "eu-west-1", topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" };

describe("checks: one AWS shared-credentials file", () => {
  it("a receiver without a credential (a workload role) before one that names it is no conflict", () => {
    assert.deepStrictEqual(
      issues(
        minimal({
          receivers: [
            { name: "a", sns: SNS },
            { name: "b", sns: { ...SNS, credential: "awsB" } },
          ],
        }),
      ),
      [],
    );
  });
});
