// The sheet import's progress poll (static/js/import-progress.js): `node --test tests/js/`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const source = fs.readFileSync(
  path.join(__dirname, "../../static/js/import-progress.js"),
  "utf8",
);

// A progress page: the box, a fetch that gives the next answer each time (an Error: the
// network failed), and timers that the test runs by hand.
function page(answers, { withBox = true } = {}) {
  const bar = { max: 0, value: 0 };
  const text = { textContent: "Læser arket …" };
  const box = {
    dataset: { importStatus: "/import/7/status.json" },
    querySelector: (selector) => (selector === "progress" ? bar : text),
  };
  const state = { bar, text, timers: [], requests: [], reloads: 0 };
  const context = {
    document: {
      querySelector: (selector) =>
        withBox && selector === "[data-import-status]" ? box : null,
    },
    fetch(url, options) {
      state.requests.push({ url, options });
      const answer = answers.shift();
      if (answer instanceof Error) {
        return Promise.reject(answer);
      }
      return Promise.resolve({
        ok: answer.ok !== false,
        status: answer.status || 200,
        json: () => Promise.resolve(answer.body),
      });
    },
    window: {
      setTimeout: (callback, ms) => state.timers.push({ callback, ms }),
      location: { reload: () => (state.reloads += 1) },
    },
  };
  vm.runInNewContext(source, context);
  state.tick = async () => {
    state.timers.shift().callback();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return state;
}

const running = {
  state: "checking",
  running: true,
  done: 1200,
  total: 5000,
  text: "Tjekket 1.200 af 5.000 rækker",
};

test("it shows the rows done of the total and asks again two seconds later", async () => {
  const p = page([{ body: running }]);
  assert.deepEqual(p.timers.map((t) => t.ms), [2000]);
  await p.tick();
  assert.equal(p.requests[0].url, "/import/7/status.json");
  assert.equal(p.requests[0].options.headers.Accept, "application/json");
  assert.equal(p.requests[0].options.credentials, "same-origin");
  assert.deepEqual([p.bar.max, p.bar.value], [5000, 1200]);
  assert.equal(p.text.textContent, "Tjekket 1.200 af 5.000 rækker");
  assert.deepEqual(p.timers.map((t) => t.ms), [2000]);
  assert.equal(p.reloads, 0);
});

test("before the job knows the total, only the words change", async () => {
  const p = page([{ body: { ...running, done: 0, total: 0, text: "Læser arket …" } }]);
  await p.tick();
  assert.deepEqual([p.bar.max, p.bar.value], [0, 0]);
  assert.equal(p.text.textContent, "Læser arket …");
});

test("when the job is done the page is loaded again, and the asking stops", async () => {
  const p = page([{ body: running }, { body: { ...running, state: "previewed", running: false } }]);
  await p.tick();
  await p.tick();
  assert.equal(p.reloads, 1);
  assert.deepEqual(p.timers, []);
});

test("a failed answer or no network: it asks again, less often", async () => {
  const p = page([{ ok: false, status: 502 }, new Error("offline"), { body: running }]);
  await p.tick();
  assert.deepEqual(p.timers.map((t) => t.ms), [10000]);
  await p.tick();
  assert.deepEqual(p.timers.map((t) => t.ms), [10000]);
  await p.tick();
  assert.equal(p.text.textContent, "Tjekket 1.200 af 5.000 rækker");
  assert.equal(p.reloads, 0);
});

test("a page without a job does nothing", () => {
  const p = page([], { withBox: false });
  assert.deepEqual(p.timers, []);
  assert.deepEqual(p.requests, []);
});
