"use strict";
/**
 * Stand-in for every HTTP receiver kind (config/integrations.ts): `POST /<kind>/<key>`, and any
 * sub-path below it for kinds whose notifier appends its API's path to a base URL
 * (`/telegram/<key>/bot<token>/sendMessage`, `/wechat/<key>/gettoken`). It records every request
 * and answers the way the real service does, so Alertmanager treats the delivery as a success:
 * REPLIES for the kinds whose service answers in a way of its own, 200 otherwise. A kind whose URL
 * is fixed in Alertmanager (Pushover) reaches it as an HTTPS proxy, when given a certificate for
 * TUNNELLED_HOSTS. No dependencies: the local stack runs this file unchanged on the official node
 * image, and the tests and `npm run verify` import it.
 */
const http = require("http");
const tls = require("tls");
const { randomUUID } = require("crypto");
const { URLSearchParams } = require("url");

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const CAPTURE_PATH = /^\/([a-z0-9]+)\/([^/]*)(\/.*)?$/;
/** Methods a notifier uses: WeChat fetches its token with GET before it posts. */
const METHODS = ["GET", "POST", "PUT"];

/**
 * Services Alertmanager posts to at a fixed URL, reached through the stand-in as a proxy. The key
 * is the placeholder credential the stand-in was given (components/render/capture.ts: a key's
 * placeholder is the key's own name): Pushover's user key, in the query, and PagerDuty v1's
 * service key, in the body (so it is read once the body has arrived).
 */
const TUNNELLED_HOSTS = {
  "api.pushover.net": { kind: "pushover", key: (query) => query.user || "" },
  // PagerDuty's Events API v1: Alertmanager 0.33 posts a service_key to this fixed URL, whatever `url` says.
  "events.pagerduty.com": { kind: "pagerduty", key: (query, body) => field(body, "service_key") || "" },
};

function parseBody(raw, contentType) {
  // SNS posts the AWS query protocol: a form, like a browser's.
  if ((contentType || "").startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const json = (status, value) => ({ status, type: "application/json", text: JSON.stringify(value) });
const field = (body, name) => (body && typeof body === "object" ? body[name] : undefined);

/**
 * How a service answers a delivery it accepted, where 200 "1" would not do, and the requests that
 * only look something up before the delivery (`lookup`: not a notification). Each reply is what the
 * notifier of Alertmanager 0.33 checks (notify/<kind>/<kind>.go): most accept any 2xx.
 */
const REPLIES = {
  // Alertmanager's Slack notifier checks the body is exactly "ok".
  slack: () => ({ status: 200, type: "text/plain", text: "ok" }),
  // PagerDuty Events API v2 accepts with 202 and echoes the dedup key.
  pagerduty: (body) => json(202, { status: "success", message: "Event processed", dedup_key: field(body, "dedup_key") || "" }),
  // A Discord webhook without ?wait=true answers 204 and no body.
  discord: () => ({ status: 204 }),
  // Teams Workflows accept a webhook post with 202.
  msteamsv2: () => ({ status: 202 }),
  mattermost: () => ({ status: 200, type: "text/plain", text: "ok" }),
  // The bot API wraps every answer in {ok, result}; Alertmanager logs the sent message's chat id, so result needs its chat.
  telegram: (body) =>
    json(200, {
      ok: true,
      result: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(field(body, "chat_id")) || 0, type: "private" },
        text: field(body, "text"),
      },
    }),
  opsgenie: () => json(202, { result: "Request will be processed", took: 0.01, requestId: randomUUID() }),
  victorops: (body) => json(200, { result: "success", entity_id: field(body, "entity_id") || "" }),
  pushover: () => json(200, { status: 1, request: randomUUID() }),
  webex: (body) => json(200, { id: randomUUID(), roomId: field(body, "roomId"), markdown: field(body, "markdown"), created: new Date().toISOString() }),
  // Rocket.Chat answers errors with 200 too: Alertmanager checks {"success": true}.
  rocketchat: (body) => json(200, { success: true, channel: field(body, "channel"), ts: Date.now() }),
  // Jira: the notifier first searches for an open issue of the group (none here), then creates one.
  jira: (body, request) =>
    /\/search(\/jql)?$/.test(request.path)
      ? { ...json(200, { startAt: 0, maxResults: 2, total: 0, issues: [] }), lookup: true }
      : json(201, { id: "10000", key: `${field(field(field(body, "fields"), "project"), "key") || "ALERT"}-1`, self: "" }),
  // WeChat Work: a token first (cached two hours), then the message; both answer errcode 0 and must be 200.
  wechat: (body, request) =>
    request.path === "/gettoken"
      ? { ...json(200, { errcode: 0, errmsg: "ok", access_token: "capture-access-token", expires_in: 7200 }), lookup: true }
      : json(200, { errcode: 0, errmsg: "ok", msgid: randomUUID() }),
  incidentio: (body) => json(202, { status: "success", message: "Event accepted for processing", deduplication_key: field(body, "groupKey") || "" }),
  // The AWS SDK reads the query protocol's XML answer and wants a MessageId.
  sns: () => ({
    status: 200,
    type: "text/xml",
    text: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  }),
};

function reply(kind, body, request) {
  return REPLIES[kind] ? REPLIES[kind](body, request) : { status: 200, type: "text/plain", text: "1" };
}

/** Where a request was meant to go: `/<kind>/<key>/<sub-path>`, or a tunnelled service by its host. */
function destination(req, url) {
  const tunnelled = req.socket.encrypted && TUNNELLED_HOSTS[(req.headers.host || "").replace(/:\d+$/, "")];
  const query = Object.fromEntries(url.searchParams);
  if (tunnelled) return { kind: tunnelled.kind, keyOf: tunnelled.key, path: url.pathname, query };
  const path = CAPTURE_PATH.exec(url.pathname);
  return path ? { kind: path[1], key: path[2], path: path[3] || "", query } : undefined;
}

/**
 * @param {{ onRecord?: (record: object) => void, tunnel?: () => ({ cert: string, key: string } | undefined) }} [options]
 *   `tunnel`: a certificate for TUNNELLED_HOSTS, which the client must trust, asked for at each CONNECT; without one CONNECT is refused.
 */
function createCaptureServer(options = {}) {
  const records = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url || "/", "http://capture");
    if (url.pathname === "/captures") {
      if (req.method === "DELETE") records.length = 0;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(records));
      return;
    }
    if (url.pathname === "/-/healthy") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return;
    }
    const to = destination(req, url);
    if (!METHODS.includes(req.method || "") || !to) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not a capture path: POST /<kind>/<key>[/<sub-path>]");
      return;
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]);
      const answer = reply(to.kind, body, { method: req.method, path: to.path, query: to.query });
      const { keyOf, ...where } = to;
      const key = keyOf ? keyOf(to.query, body) : to.key;
      const record = { at: Date.now(), ...where, key, method: req.method, headers: req.headers, body, delivery: !answer.lookup };
      records.push(record);
      if (options.onRecord) options.onRecord(record);
      res.writeHead(answer.status, answer.type ? { "content-type": answer.type } : {});
      res.end(answer.text);
    });
  });
  server.on("connect", (req, socket) => {
    const host = (req.url || "").replace(/:\d+$/, "");
    const certificate = options.tunnel && options.tunnel();
    if (!certificate || !TUNNELLED_HOSTS[host]) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const secure = new tls.TLSSocket(socket, { isServer: true, cert: certificate.cert, key: certificate.key });
    secure.on("error", () => socket.destroy());
    server.emit("connection", secure);
  });
  return { server, records };
}

if (require.main === module) {
  const port = Number(process.env.CAPTURE_PORT || 9099);
  const { server } = createCaptureServer({
    onRecord: (r) =>
      console.log(JSON.stringify({ at: new Date(r.at).toISOString(), kind: r.kind, key: r.key, method: r.method, path: r.path, query: r.query, body: r.body })),
  });
  server.listen(port, process.env.CAPTURE_HOST || "0.0.0.0", () => console.log(`capture: listening on ${port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

module.exports = { createCaptureServer, TUNNELLED_HOSTS: Object.keys(TUNNELLED_HOSTS) };
