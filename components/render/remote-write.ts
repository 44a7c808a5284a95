/** prometheus.yml's `remote_write`: Prometheus 3.5's field names, credentials only as files it reads at send time. */
import type { RemoteWriteConfig } from "../../config/remote-write";

const QUEUE_FIELDS = {
  capacity: "capacity",
  maxShards: "max_shards",
  minShards: "min_shards",
  maxSamplesPerSend: "max_samples_per_send",
  batchSendDeadline: "batch_send_deadline",
  minBackoff: "min_backoff",
  maxBackoff: "max_backoff",
} as const satisfies Record<keyof NonNullable<RemoteWriteConfig["queue"]>, string>;

function remoteWrite(endpoint: RemoteWriteConfig, file: (key: string) => string) {
  const queue = Object.entries(endpoint.queue ?? {}).filter(([, v]) => v !== undefined);
  const { basicAuth, bearerTokenCredential, oauth2 } = endpoint;
  return {
    name: endpoint.name,
    url: endpoint.url,
    ...(Object.keys(endpoint.headers).length > 0 && { headers: endpoint.headers }),
    ...(basicAuth && { basic_auth: { username: basicAuth.username, password_file: file(basicAuth.passwordCredential) } }),
    ...(bearerTokenCredential && { authorization: { type: "Bearer", credentials_file: file(bearerTokenCredential) } }),
    ...(oauth2 && {
      oauth2: {
        client_id: oauth2.clientId,
        client_secret_file: file(oauth2.clientSecretCredential),
        token_url: oauth2.tokenUrl,
        ...(oauth2.scopes.length > 0 && { scopes: oauth2.scopes }),
      },
    }),
    ...(queue.length > 0 && { queue_config: Object.fromEntries(queue.map(([k, v]) => [QUEUE_FIELDS[k as keyof typeof QUEUE_FIELDS], v])) }),
    ...(endpoint.writeRelabelConfigs.length > 0 && { write_relabel_configs: endpoint.writeRelabelConfigs }),
  };
}

/** `file(key)`: where Prometheus reads the credential of that config key (the scrape credentials' directory). */
export function remoteWriteConfigs(endpoints: RemoteWriteConfig[], file: (key: string) => string) {
  return endpoints.map((endpoint) => remoteWrite(endpoint, file));
}
