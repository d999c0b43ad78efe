// The offline queue's core (static/js/queue-core.js): `node --test tests/js/`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Queue = require("../../static/js/queue-core.js");

const URLS = { session: "/incidents/app/session.json", login: "/accounts/login/" };
const ORIGIN = "http://byrum.test";

function answer(status, body, extra = {}) {
  const json = typeof body !== "string";
  return {
    status,
    ok: status >= 200 && status < 300,
    redirected: Boolean(extra.redirectedTo),
    url: extra.redirectedTo ? ORIGIN + extra.redirectedTo : "",
    headers: new Headers({ "Content-Type": json ? "application/json" : "text/html" }),
    json: async () => body,
  };
}

/* A server that stores each UUID once, like incidents.services._store_once. */
function server({ user = "7", loggedIn = true, refuse = {} } = {}) {
  const stored = new Map();
  const posts = [];
  const fetch = async (url, init = {}) => {
    if (!loggedIn) {
      return answer(200, "<form>login</form>", { redirectedTo: URLS.login + "?next=" + url });
    }
    if (url === URLS.session) {
      return answer(200, { user: Number(user), csrf: "token" });
    }
    const uuid = init.body.get("client_uuid");
    posts.push({ uuid, csrf: init.headers["X-CSRFToken"] });
    if (refuse[uuid]) {
      return answer(400, { uuid: null, errors: refuse[uuid] });
    }
    const created = !stored.has(uuid);
    stored.set(uuid, true);
    return answer(created ? 201 : 200, { uuid, created });
  };
  return { fetch, stored, posts, logIn() { loggedIn = true; }, logOut() { loggedIn = false; } };
}

let clock = 0;
function item(uuid, owner = "7") {
  clock += 1;
  return {
    uuid, owner, url: "/incidents/new/", createdAt: clock, state: "waiting", summary: uuid,
    fields: [["client_uuid", uuid], ["category", "waste"]],
  };
}

async function keep(store, ...items) {
  for (const each of items) {
    await store.put(Queue.QUEUE, each);
  }
}

test("sends what waits, oldest first, and keeps a note of what was sent", async () => {
  const store = Queue.memoryStore();
  const remote = server();
  await keep(store, item("b"), item("a"));
  const result = await Queue.flush({ store, fetch: remote.fetch, urls: URLS });
  assert.deepEqual(result, { outcome: "done", sent: 2, failed: 0 });
  assert.deepEqual(remote.posts.map((p) => p.uuid), ["b", "a"]);
  assert.ok(remote.posts.every((p) => p.csrf === "token"), "a fresh CSRF token from the session");
  assert.deepEqual(await store.all(Queue.QUEUE), []);
  assert.deepEqual((await store.all(Queue.SENT)).map((s) => s.uuid).sort(), ["a", "b"]);
});

test("two flushes at once (a page and the worker) deliver each report once", async () => {
  const store = Queue.memoryStore();
  const remote = server();
  await keep(store, item("1"), item("2"), item("3"), item("4"), item("5"));
  await Promise.all([
    Queue.flush({ store, fetch: remote.fetch, urls: URLS }),
    Queue.flush({ store, fetch: remote.fetch, urls: URLS }),
  ]);
  assert.equal(remote.stored.size, 5);
  assert.deepEqual(await store.all(Queue.QUEUE), []);
});

test("with no network everything stays for a later try", async () => {
  const store = Queue.memoryStore();
  await keep(store, item("x"));
  const offline = async () => { throw new TypeError("Failed to fetch"); };
  const result = await Queue.flush({ store, fetch: offline, urls: URLS });
  assert.equal(result.outcome, "retry");
  assert.equal((await store.all(Queue.QUEUE)).length, 1);
});

test("an ended session asks to log in, keeps the reports, and delivers after the login", async () => {
  const store = Queue.memoryStore();
  const remote = server({ loggedIn: false });
  await keep(store, item("x"));
  assert.equal((await Queue.flush({ store, fetch: remote.fetch, urls: URLS })).outcome, "login");
  assert.equal(remote.posts.length, 0);
  assert.equal(await Queue.pending(store, "7"), 1);
  remote.logIn();
  assert.equal((await Queue.flush({ store, fetch: remote.fetch, urls: URLS })).sent, 1);
  assert.equal(await Queue.pending(store, "7"), 0);
});

test("a refused report stays on the phone with the server's words, per field", async () => {
  const store = Queue.memoryStore();
  const errors = { "job-date": ["Datoen kan ikke ligge i fremtiden."] };
  const remote = server({ refuse: { bad: errors } });
  await keep(store, item("bad"), item("good"));
  const result = await Queue.flush({ store, fetch: remote.fetch, urls: URLS });
  assert.deepEqual(result, { outcome: "done", sent: 1, failed: 1 });
  const [kept] = await store.all(Queue.QUEUE);
  assert.equal(kept.uuid, "bad");
  assert.equal(kept.state, "failed");
  assert.equal(kept.message, "Datoen kan ikke ligge i fremtiden.");
  assert.deepEqual(kept.errors, errors);
  // A failed report is not sent again as it is: it waits to be corrected.
  await Queue.flush({ store, fetch: remote.fetch, urls: URLS });
  assert.equal(remote.posts.filter((p) => p.uuid === "bad").length, 1);
});

test("only the logged-in user's reports are sent", async () => {
  const store = Queue.memoryStore();
  const remote = server({ user: "7" });
  await keep(store, item("mine", "7"), item("theirs", "8"));
  await Queue.flush({ store, fetch: remote.fetch, urls: URLS });
  assert.deepEqual(remote.posts.map((p) => p.uuid), ["mine"]);
  assert.deepEqual((await store.all(Queue.QUEUE)).map((i) => i.uuid), ["theirs"]);
});

test("an answer that does not name the report's UUID never takes it off the phone", async () => {
  const mine = item("u1");
  const cases = [
    [answer(201, { uuid: "someone-else" }), "retry"],
    [answer(500, "<h1>Server Error</h1>"), "retry"],
    [answer(200, "<form>login</form>", { redirectedTo: URLS.login }), "login"],
    [answer(403, "<h1>CSRF</h1>"), "login"],
    [answer(201, { uuid: "u1" }), "sent"],
    [answer(409, { uuid: null, error: "Brugt før." }), "failed"],
  ];
  for (const [response, outcome] of cases) {
    assert.equal((await Queue.classify(response, mine, URLS.login)).outcome, outcome);
  }
});

test("a lock, when given, wraps the whole flush", async () => {
  const store = Queue.memoryStore();
  const remote = server();
  await keep(store, item("x"));
  const calls = [];
  const lock = async (work) => { calls.push("in"); const r = await work(); calls.push("out"); return r; };
  await Queue.flush({ store, fetch: remote.fetch, urls: URLS, lock });
  assert.deepEqual(calls, ["in", "out"]);
  assert.equal(Queue.webLock(undefined), null);
});
