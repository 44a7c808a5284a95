/** components/render/remote-write.ts alone: what it leaves out of remote_write when a setting is empty or unset. */
import * as assert from "assert";
import { remoteWriteConfigs } from "../../components/render/remote-write";
import type { RemoteWriteConfig } from "../../config/remote-write";

const file = (key: string) => `/etc/prometheus/secrets/${key}`;
const endpoint = (extra: Partial<RemoteWriteConfig> = {}): RemoteWriteConfig => ({
  name: "mimir",
  url: "https://mimir.example.com/api/v1/push",
  headers: {},
  writeRelabelConfigs: [],
  ...extra,
});

describe("render/remote-write: remoteWriteConfigs", () => {
  it("an endpoint with nothing but its name and URL renders nothing else", () => {
    assert.deepStrictEqual(remoteWriteConfigs([endpoint()], file), [{ name: "mimir", url: "https://mimir.example.com/api/v1/push" }]);
  });

  it("queue fields left undefined are left out, and a queue of none is no queue_config", () => {
    assert.deepStrictEqual(remoteWriteConfigs([endpoint({ queue: { capacity: undefined, maxShards: 5 } })], file)[0].queue_config, { max_shards: 5 });
    assert.deepStrictEqual(remoteWriteConfigs([endpoint({ queue: { capacity: undefined } })], file)[0], {
      name: "mimir",
      url: "https://mimir.example.com/api/v1/push",
    });
  });

  it("OAuth2 without scopes renders no scopes", () => {
    const oauth2 = { clientId: "prom", clientSecretCredential: "rwSecret", tokenUrl: "https://auth.example.com/token", scopes: [] };
    assert.deepStrictEqual(remoteWriteConfigs([endpoint({ oauth2 })], file)[0].oauth2, {
      client_id: "prom",
      client_secret_file: "/etc/prometheus/secrets/rwSecret",
      token_url: "https://auth.example.com/token",
    });
  });
});
