// The service worker's routing (static/js/app-routes.js): `node --test tests/js/`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Routes = require("../../static/js/app-routes.js");

const config = {
  origin: "http://byrum.test",
  static: ["/static/css/byrum.abc123.css", "/manifest.webmanifest"],
  pages: ["/incidents/new/", "/incidents/small-jobs/new/", "/incidents/offline/"],
  shellHeader: "X-Byrum-Shell",
};

function route(path, { method = "GET", mode = "navigate", origin = config.origin } = {}) {
  return Routes.route({ url: origin + path, method, mode }, config);
}

test("precached static files come from the cache", () => {
  assert.equal(route("/static/css/byrum.abc123.css", { mode: "no-cors" }), "static");
  assert.equal(route("/manifest.webmanifest", { mode: "cors" }), "static");
  // Another static file (a map library on a consultant's page) goes to the network.
  assert.equal(route("/static/vendor/leaflet/leaflet.js", { mode: "no-cors" }), "pass");
});

test("the shell pages are network first, kept for offline use, whatever their query", () => {
  assert.equal(route("/incidents/new/"), "shell");
  assert.equal(route("/incidents/small-jobs/new/?from=home"), "shell");
  assert.equal(route("/incidents/offline/"), "shell");
});

test("pages with what the server knows are never kept: network, or the offline page", () => {
  assert.equal(route("/incidents/mine/"), "page");
  assert.equal(route("/incidents/42/"), "page");
  assert.equal(route("/"), "page");
});

test("posts, JSON, fetches of pages and other origins are left alone", () => {
  assert.equal(route("/incidents/new/", { method: "POST" }), "pass");
  assert.equal(route("/incidents/app/session.json", { mode: "cors" }), "pass");
  assert.equal(route("/incidents/new/", { mode: "cors" }), "pass");
  assert.equal(route("/incidents/new/", { origin: "https://tile.openstreetmap.org" }), "pass");
});

function response({ status = 200, redirected = false, shell = true } = {}) {
  const headers = new Headers(shell ? { "X-Byrum-Shell": "1" } : {});
  return { ok: status >= 200 && status < 300, status, redirected, headers };
}

test("only a shell page the server marked, not a login page after a redirect, is kept", () => {
  assert.equal(Routes.shouldKeep(response(), config), true);
  assert.equal(Routes.shouldKeep(response({ shell: false }), config), false);
  assert.equal(Routes.shouldKeep(response({ redirected: true }), config), false);
  assert.equal(Routes.shouldKeep(response({ status: 400 }), config), false);
  assert.equal(Routes.shouldKeep(undefined, config), false);
});

test("a page is kept under its path; old workers' static caches go", () => {
  assert.equal(Routes.pageKey("http://byrum.test/incidents/new/?x=1#ret=abc"), "/incidents/new/");
  assert.deepEqual(
    Routes.staleCaches(["byrum-static-old", "byrum-static-new", "byrum-pages", "other"], "byrum-static-new"),
    ["byrum-static-old"],
  );
});
