/** capture/http-capture.js on loopback: paths and sub-paths, bodies, look-ups, and what it refuses. */
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { createCaptureServer } from "../../capture/http-capture";

describe("capture/http-capture: the stand-in for every receiver kind", () => {
  const capture = createCaptureServer();
  let base: string;

  before(async () => {
    await new Promise<void>((resolve) => capture.server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(capture.server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (capture.records.length = 0));
  after(async () => {
    capture.server.closeAllConnections();
    await new Promise((resolve) => capture.server.close(resolve));
  });

  function send(method: string, path: string, body = "", type = "application/json"): Promise<{ status: number; type?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, headers: { "content-type": type }, timeout: 5000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(body);
    });
  }

  it("POST /<kind>/<key>/<sub-path>: recorded with its sub-path, answered as the service does", async () => {
    const answer = await send("POST", "/telegram/tg/bottoken/sendMessage", JSON.stringify({ chat_id: "-42", text: "hi" }));
    assert.strictEqual(answer.status, 200);
    assert.deepStrictEqual(JSON.parse(answer.body).ok, true);
    assert.deepStrictEqual(JSON.parse(answer.body).result.chat, { id: -42, type: "private" });
    const [record] = capture.records;
    assert.deepStrictEqual([record.kind, record.key, record.method, record.path, record.delivery], ["telegram", "tg", "POST", "/bottoken/sendMessage", true]);
    assert.deepStrictEqual(record.body, { chat_id: "-42", text: "hi" });
  });

  it("a form body (SNS's query protocol) is parsed, and answered with a PublishResponse", async () => {
    const answer = await send("POST", "/sns/aws", "Action=Publish&Message=a%20b", "application/x-www-form-urlencoded");
    assert.strictEqual(answer.status, 200);
    assert.match(answer.body, /^<PublishResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><PublishResult><MessageId>[0-9a-f-]{36}<\/MessageId>/);
    assert.deepStrictEqual(capture.records[0].body, { Action: "Publish", Message: "a b" });
  });

  it("look-ups before a delivery are answered and marked: WeChat's token, Jira's search", async () => {
    const token = await send("GET", "/wechat/w/gettoken?corpid=c&corpsecret=s");
    assert.deepStrictEqual(JSON.parse(token.body), { errcode: 0, errmsg: "ok", access_token: "capture-access-token", expires_in: 7200 });
    const search = await send("POST", "/jira/j/search", "{}");
    assert.deepStrictEqual(JSON.parse(search.body).issues, []);
    const issue = await send("POST", "/jira/j/issue", JSON.stringify({ fields: { project: { key: "OPS" } } }));
    assert.strictEqual(issue.status, 201);
    assert.strictEqual(JSON.parse(issue.body).key, "OPS-1");
    assert.deepStrictEqual(
      capture.records.map((r) => [r.kind, r.path, r.delivery]),
      [
        ["wechat", "/gettoken", false],
        ["jira", "/search", false],
        ["jira", "/issue", true],
      ],
    );
    assert.deepStrictEqual(capture.records[0].query, { corpid: "c", corpsecret: "s" });
  });

  it("the replies Alertmanager checks beyond a 2xx: Slack's ok, Rocket.Chat's success, Discord's empty 204", async () => {
    assert.deepStrictEqual(await send("POST", "/slack/s"), { status: 200, type: "text/plain", body: "ok" });
    assert.strictEqual(JSON.parse((await send("POST", "/rocketchat/r/api/v1/chat.postMessage", "{}")).body).success, true);
    assert.deepStrictEqual(await send("POST", "/discord/d"), { status: 204, type: undefined, body: "" });
    assert.deepStrictEqual(await send("POST", "/webhook/h"), { status: 200, type: "text/plain", body: "1" });
  });

  it("refuses what is not a capture: another path or method, and CONNECT without a tunnel certificate", async () => {
    assert.strictEqual((await send("POST", "/")).status, 404);
    assert.strictEqual((await send("DELETE", "/slack/s")).status, 404);
    const connect = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: Number(new URL(base).port), method: "CONNECT", path: "api.pushover.net:443", timeout: 5000 });
      req.on("connect", (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    assert.strictEqual(connect, 403);
    assert.deepStrictEqual(capture.records, []);
  });
});
