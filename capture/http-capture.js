"use strict";
/**
 * Stand-in for every HTTP receiver kind (config/integrations.ts): `POST /<kind>/<key>`.
 * It records every request and answers the way the real service does, so Alertmanager
 * treats the delivery as a success: REPLIES for the kinds whose service answers in a way of
 * its own, 200 otherwise. No dependencies: the local stack runs this file unchanged on the
 * official node image, and the tests and `npm run verify` import it.
 */
const http = require("http");

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const CAPTURE_PATH = /^\/([a-z0-9]+)\/([^/]*)$/;

function parseBody(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** How a service answers a delivery it accepted, where 200 "1" would not do. */
const REPLIES = {
  // Alertmanager's Slack notifier checks the body is exactly "ok".
  slack: () => ({ status: 200, type: "text/plain", text: "ok" }),
  // PagerDuty Events API v2 accepts with 202 and echoes the dedup key.
  pagerduty: (body) => ({
    status: 202,
    type: "application/json",
    text: JSON.stringify({
      status: "success",
      message: "Event processed",
      dedup_key: body && typeof body === "object" && body.dedup_key ? body.dedup_key : "",
    }),
  }),
};

function reply(kind, body) {
  return REPLIES[kind] ? REPLIES[kind](body) : { status: 200, type: "text/plain", text: "1" };
}

/**
 * @param {{ onRecord?: (record: object) => void }} [options]
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
    const path = CAPTURE_PATH.exec(url.pathname);
    if (req.method !== "POST" || !path) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not a capture path: POST /<kind>/<key>");
      return;
    }
    const [, kind, key] = path;
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = parseBody(raw);
      const record = { at: Date.now(), kind, key, headers: req.headers, body };
      records.push(record);
      if (options.onRecord) options.onRecord(record);
      const answer = reply(kind, body);
      res.writeHead(answer.status, { "content-type": answer.type });
      res.end(answer.text);
    });
  });
  return { server, records };
}

if (require.main === module) {
  const port = Number(process.env.CAPTURE_PORT || 9099);
  const { server } = createCaptureServer({
    onRecord: (r) => console.log(JSON.stringify({ at: new Date(r.at).toISOString(), kind: r.kind, key: r.key, body: r.body })),
  });
  server.listen(port, process.env.CAPTURE_HOST || "0.0.0.0", () => console.log(`capture: listening on ${port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

module.exports = { createCaptureServer };
