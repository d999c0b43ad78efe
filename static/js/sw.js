/* Byrum's service worker (hand-written; see the README's "The caretaker's phone").
 * /sw.js sets self.BYRUM (what to precache, the version) and loads this file after
 * app-routes.js and queue-core.js. */
(function () {
  "use strict";

  var C = self.BYRUM;
  var Routes = self.ByrumRoutes;
  var Queue = self.ByrumQueue;
  C.origin = self.location.origin;
  var STATIC = "byrum-static-" + C.version;
  var PAGES = "byrum-pages";
  var OWNER = "/__byrum/owner";
  var REFRESH_MS = 15 * 60 * 1000;
  var SLOW_MS = 4000;

  /* The shell pages, fetched with the user's session and kept for offline use. */
  function keepPages() {
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(C.pages.map(function (path) {
        return fetch(path, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            if (Routes.shouldKeep(response, C)) {
              return cache.put(path, response);
            }
          })["catch"](function () { /* offline or logged out: keep what we have */ });
      }));
    });
  }

  function writeOwner(cache, user) {
    return cache.put(OWNER, new Response(JSON.stringify({
      user: user, version: C.version, at: Date.now()
    }), { headers: { "Content-Type": "application/json" } }));
  }

  /* A page says who is logged in. The kept pages are that user's: fetched again when
   * another user logs in on the phone, when a new version came (the pages name the new
   * static files), and every REFRESH_MS, so the places on them stay current. */
  function hello(user) {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(OWNER).then(function (hit) {
        return hit ? hit.json() : null;
      }).then(function (owner) {
        var fresh = owner && owner.version === C.version && Date.now() - owner.at < REFRESH_MS;
        if (fresh && (owner.user === user || owner.user === null)) {
          // Just installed (the pages were fetched with this user's session): say whose.
          return owner.user === null ? writeOwner(cache, user) : null;
        }
        var reset = owner && owner.user && owner.user !== user ?
          Promise.all(C.pages.map(function (path) { return cache["delete"](path); })) :
          Promise.resolve();
        return reset.then(keepPages).then(function () { return writeOwner(cache, user); });
      });
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(STATIC).then(function (cache) { return cache.addAll(C["static"]); })
        .then(keepPages)
        .then(function () {
          return caches.open(PAGES).then(function (cache) { return writeOwner(cache, null); });
        })
        .then(function () { return self.skipWaiting(); })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(Routes.staleCaches(names, STATIC).map(function (name) {
          return caches["delete"](name);
        }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  function offlinePage() {
    return caches.match(C.offline, { cacheName: PAGES }).then(function (hit) {
      return hit || Response.error();
    });
  }

  function fromNetworkFirst(request) {
    var key = Routes.pageKey(request.url);
    var cached = caches.match(key, { cacheName: PAGES });
    var network = fetch(request).then(function (response) {
      if (Routes.shouldKeep(response, C)) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { return cache.put(key, copy); });
      }
      return response;
    });
    // A connection that hangs (one bar on the square) gives the kept page after SLOW_MS.
    var slow = new Promise(function (resolve) {
      setTimeout(function () { cached.then(function (hit) { if (hit) { resolve(hit); } }); }, SLOW_MS);
    });
    return Promise.race([network, slow])["catch"](function () {
      return cached.then(function (hit) { return hit || offlinePage(); });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var kind = Routes.route({ url: request.url, method: request.method, mode: request.mode }, C);
    if (kind === "static") {
      event.respondWith(caches.match(request, { cacheName: STATIC }).then(function (hit) {
        return hit || fetch(request);
      }));
    } else if (kind === "shell") {
      event.respondWith(fromNetworkFirst(request));
    } else if (kind === "page") {
      event.respondWith(fetch(request)["catch"](offlinePage));
    }
  });

  function tellPages(result) {
    return self.clients.matchAll({ includeUncontrolled: true }).then(function (pages) {
      pages.forEach(function (page) { page.postMessage({ type: "queue-changed", result: result }); });
    });
  }

  /* Send the queue from the worker: Background Sync (also with no Byrum tab open). */
  function deliver() {
    return Queue.flush({
      store: Queue.idbStore(self.indexedDB),
      fetch: fetch.bind(self),
      urls: { session: C.session, login: C.login },
      lock: Queue.webLock(self.navigator)
    }).then(function (result) {
      return tellPages(result).then(function () {
        if (result.outcome === "retry") {
          throw new Error("not delivered yet"); // the browser tries the sync again later
        }
        return result;
      });
    });
  }

  self.addEventListener("sync", function (event) {
    if (event.tag === C.syncTag) {
      event.waitUntil(deliver());
    }
  });

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "hello" && data.user) {
      event.waitUntil(hello(String(data.user)));
    }
  });
}());
