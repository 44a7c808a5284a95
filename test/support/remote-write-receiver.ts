/**
 * A remote write receiver on loopback, standing in for Mimir or Thanos Receive: each path is an
 * endpoint with the Authorization header it accepts (401 otherwise), and /token an OAuth2 token
 * endpoint (client credentials). What it accepts is decoded as Prometheus sends it, snappy block
 * format around a protobuf WriteRequest, far enough to count samples and read series labels.
 */
import { createServer, IncomingMessage, Server } from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { loadSync } from "protobufjs";
import { uncompress } from "snappyjs";

const WriteRequest = loadSync(path.join(__dirname, "remote-write.proto")).lookupType("prometheus.WriteRequest");

interface WriteRequestMessage {
  timeseries?: { labels?: { name: string; value: string }[]; samples?: { value: number }[] }[];
}

export interface EndpointRecord {
  /** Requests by status code. */
  statuses: Record<number, number>;
  samples: number;
  /** Each accepted series' labels. */
  series: Record<string, string>[];
  /** Header values of the accepted requests, lower-cased names. */
  headers: Record<string, string>[];
}

export interface OAuth2Client {
  clientId: string;
  clientSecret: string;
  /** What /token hands out; an endpoint accepting `Bearer <token>` then takes the client's writes. */
  token: string;
}

export interface RemoteWriteReceiver {
  server: Server;
  baseUrl: string;
  records: Record<string, EndpointRecord>;
  /** How many token requests /token answered, and refused. */
  tokens: { issued: number; refused: number };
  close(): Promise<void>;
}

const body = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** `accepts`: endpoint path (e.g. "/mimir") -> the exact Authorization header it takes. */
export async function startRemoteWriteReceiver(accepts: Record<string, string>, oauth2?: OAuth2Client): Promise<RemoteWriteReceiver> {
  const records: Record<string, EndpointRecord> = Object.fromEntries(
    Object.keys(accepts).map((p) => [p, { statuses: {}, samples: 0, series: [], headers: [] } as EndpointRecord]),
  );
  const tokens = { issued: 0, refused: 0 };
  const server = createServer((req, res) => {
    const reply = (status: number, text = "") => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(text);
    };
    void body(req).then((raw) => {
      const url = new URL(req.url ?? "/", "http://receiver");
      if (url.pathname === "/token" && oauth2) {
        // Go's oauth2 client sends the client's id and secret as basic auth, or in the form when that fails.
        const form = new URLSearchParams(raw.toString());
        const viaForm = form.get("client_id") === oauth2.clientId && form.get("client_secret") === oauth2.clientSecret;
        if (req.headers.authorization !== basic(oauth2.clientId, oauth2.clientSecret) && !viaForm) {
          tokens.refused++;
          return reply(401, "bad client credentials");
        }
        tokens.issued++;
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ access_token: oauth2.token, token_type: "Bearer", expires_in: 3600 }));
      }
      const record = records[url.pathname];
      if (!record) return reply(404);
      const status = req.headers.authorization === accepts[url.pathname] ? 204 : 401;
      record.statuses[status] = (record.statuses[status] ?? 0) + 1;
      if (status !== 204) return reply(status, "unauthorized");
      const request = WriteRequest.toObject(WriteRequest.decode(uncompress(raw))) as WriteRequestMessage;
      for (const ts of request.timeseries ?? []) {
        record.samples += ts.samples?.length ?? 0;
        record.series.push(Object.fromEntries((ts.labels ?? []).map((l) => [l.name, l.value])));
      }
      record.headers.push(Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
      reply(204);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    records,
    tokens,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
