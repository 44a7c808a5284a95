/** components/render/flags.ts: Alertmanager's environment names the file of each credential a library reads, and nothing else. */
import * as assert from "assert";
import { alertmanagerEnv } from "../../components/render/flags";
import { AM_PATHS, localSpec } from "../support/render-fixtures";

const SNS = { region: "eu-west-1", topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" };

describe("render/flags: alertmanagerEnv", () => {
  it("an SNS receiver's shared-credentials file goes to AWS_SHARED_CREDENTIALS_FILE, whichever receiver names it", () => {
    const spec = localSpec(
      { receivers: [{ name: "null" }, { name: "sns", sns: { ...SNS, credential: "aws" } }], route: { receiver: "null" }, routes: [], inhibitRules: [] },
      { aws: "[default]" },
    );
    assert.deepStrictEqual(alertmanagerEnv(spec, AM_PATHS), { AWS_SHARED_CREDENTIALS_FILE: "/c/s/aws" });
  });

  it("credentials Alertmanager reads through a *_file field, and an SNS receiver without one, set nothing", () => {
    const spec = localSpec({
      receivers: [{ name: "null" }, { name: "slack", slack: { channel: "#a" } }, { name: "sns", sns: SNS }],
      route: { receiver: "null" },
      routes: [],
      inhibitRules: [],
    });
    assert.deepStrictEqual(alertmanagerEnv(spec, AM_PATHS), {});
  });
});
