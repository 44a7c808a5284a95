"use strict";
/**
 * Applies the stack's declared silences (components/render/silences.ts writes the file) to
 * Alertmanager through its API v2: creates what is missing, expires what was changed or removed,
 * leaves the rest. Ours are the silences whose createdBy starts with `pulumi:<stack>/`; any other
 * silence, and any expired one, is never touched. A changed silence is created anew before the
 * old one is expired, so the alerts it covers are never unmuted in between.
 *
 * No dependencies: the deployed stacks run this file unchanged on the official node image, and
 * the tests import it. As a program it reads ALERTMANAGER_URL, SILENCES_FILE and, with web
 * access control, WEB_USERNAME, WEB_PASSWORD_FILE and WEB_CA_FILE; it prints one line and exits
 * non-zero on any failure.
 */
const fs = require("fs");
const http = require("http");
const https = require("https");

/** A slow API call on a loaded node still answers in this time; a hung one must not hold the apply. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Long enough for a new Alertmanager pod to pull, start and join the cluster, bounded so a broken apply ends. */
const READY_TIMEOUT_MS = 180_000;
const READY_POLL_MS = 2_000;

const ownerPrefix = (stack) => `pulumi:${stack}/`;

const matcherKey = (m) => JSON.stringify([m.name, m.value, Boolean(m.isRegex), m.isEqual !== false]);
const sameMatchers = (a, b) => {
  const x = a.map(matcherKey).sort();
  const y = b.map(matcherKey).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
};

/**
 * Whether an existing silence is the declared one. Alertmanager moves a start in the past to the
 * time of creation (silence/silence.go, Set), so an active silence that started later than
 * declared is the same: recreating it could only start it later still.
 */
function isDeclared(want, have, now) {
  const wantStart = Date.parse(want.startsAt);
  const haveStart = Date.parse(have.startsAt);
  const sameStart = wantStart === haveStart || (wantStart < haveStart && haveStart <= now);
  return (
    have.createdBy === want.createdBy &&
    have.comment === want.comment &&
    Date.parse(have.endsAt) === Date.parse(want.endsAt) &&
    sameStart &&
    sameMatchers(want.matchers, have.matchers || [])
  );
}

/**
 * What to do: `create` the declared silences Alertmanager does not hold (one that has ended by
 * `now` is left out: Alertmanager refuses it), `expire` ours that are no longer declared as they
 * are, and leave `unchanged` the rest. Silences of others and expired ones appear in none.
 */
function planSilences(declared, existing, now) {
  const at = now.getTime();
  const prefix = ownerPrefix(declared.stack);
  const free = existing.filter(
    (s) => typeof s.createdBy === "string" && s.createdBy.startsWith(prefix) && s.status && s.status.state !== "expired" && Date.parse(s.endsAt) > at,
  );
  const create = [];
  const unchanged = [];
  for (const want of declared.silences) {
    if (Date.parse(want.endsAt) <= at) continue;
    const found = free.findIndex((have) => isDeclared(want, have, at));
    if (found === -1) create.push(want);
    else unchanged.push(free.splice(found, 1)[0]);
  }
  return { create, expire: free, unchanged };
}

/** One request, bounded by REQUEST_TIMEOUT_MS. */
function request(url, options, method = "GET", body) {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method,
        headers: { ...(body !== undefined && { "content-type": "application/json" }), ...(options.authorization && { authorization: options.authorization }) },
        ...(options.ca && { ca: options.ca }),
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode || 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS}ms`)));
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function call(base, options, what, method, path, body) {
  const r = await request(`${base}${path}`, options, method, body);
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${method} ${path} answered HTTP ${r.status} ${r.body.trim()}`);
  return r.body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until /-/ready answers 200, at most readyTimeoutMs; 401 and 403 end the wait at once (wrong credentials do not heal). */
async function waitReady(base, options, readyTimeoutMs) {
  const deadline = Date.now() + readyTimeoutMs;
  let last = "no answer";
  for (;;) {
    try {
      const r = await request(`${base}/-/ready`, options);
      if (r.status === 200) return;
      if (r.status === 401 || r.status === 403)
        throw Object.assign(new Error(`GET /-/ready answered HTTP ${r.status}: check WEB_USERNAME and WEB_PASSWORD_FILE`), { final: true });
      last = `HTTP ${r.status}`;
    } catch (err) {
      if (err.final) throw err;
      last = err.message;
    }
    if (Date.now() + READY_POLL_MS > deadline) throw new Error(`Alertmanager at ${base} not ready within ${readyTimeoutMs / 1000}s (last: ${last})`);
    await sleep(READY_POLL_MS);
  }
}

/**
 * Waits for Alertmanager, reads its silences, creates the missing ones and only then expires the
 * replaced and removed ones. Returns the plan's counts; throws on any failed call.
 */
async function reconcileSilences(options) {
  const base = options.url.replace(/\/+$/, "");
  const access = { authorization: options.authorization, ca: options.ca };
  await waitReady(base, access, options.readyTimeoutMs === undefined ? READY_TIMEOUT_MS : options.readyTimeoutMs);
  const existing = JSON.parse(await call(base, access, "list silences", "GET", "/api/v2/silences"));
  const plan = planSilences(options.declared, existing, options.now ? options.now() : new Date());
  const created = [];
  for (const silence of plan.create) {
    const answer = JSON.parse(await call(base, access, `create ${silence.createdBy}`, "POST", "/api/v2/silences", silence));
    created.push(answer.silenceID);
  }
  for (const silence of plan.expire) {
    await call(base, access, `expire ${silence.id} (${silence.createdBy})`, "DELETE", `/api/v2/silence/${encodeURIComponent(silence.id)}`);
  }
  return { created, expired: plan.expire.map((s) => s.id), unchanged: plan.unchanged.map((s) => s.id) };
}

/** The options of a run as a program, from its environment; a missing or half-given setting is an error naming the variable. */
function optionsFromEnv(env) {
  const need = (key) => {
    if (!env[key]) throw new Error(`${key} is not set`);
    return env[key];
  };
  const url = need("ALERTMANAGER_URL");
  const declared = JSON.parse(fs.readFileSync(need("SILENCES_FILE"), "utf8"));
  if (Boolean(env.WEB_USERNAME) !== Boolean(env.WEB_PASSWORD_FILE)) throw new Error("WEB_USERNAME and WEB_PASSWORD_FILE go together; set both or neither");
  // A file written by echo ends in a newline that is not part of the password.
  const password = env.WEB_PASSWORD_FILE && fs.readFileSync(env.WEB_PASSWORD_FILE, "utf8").replace(/\r?\n$/, "");
  return {
    url,
    declared,
    ...(password && { authorization: `Basic ${Buffer.from(`${env.WEB_USERNAME}:${password}`).toString("base64")}` }),
    ...(env.WEB_CA_FILE && { ca: fs.readFileSync(env.WEB_CA_FILE, "utf8") }),
  };
}

async function main() {
  try {
    const result = await reconcileSilences(optionsFromEnv(process.env));
    console.log(`silences: created ${result.created.length}, expired ${result.expired.length}, unchanged ${result.unchanged.length}`);
    return 0;
  } catch (err) {
    console.error(`silences: failed: ${err.message}`);
    return 1;
  }
}

module.exports = { planSilences, reconcileSilences, optionsFromEnv };

if (require.main === module) main().then((code) => (process.exitCode = code));
