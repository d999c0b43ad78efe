/* Byrum: the offline queue's core, shared by the pages (queue-page.js, offline-queue.js),
 * the service worker (sw.js) and the unit tests (tests/js/). No DOM in here.
 *
 * A report kept on the phone is an item {uuid, url, owner, fields, photo, summary, kind,
 * createdAt, state: "waiting" | "failed", message, errors} in IndexedDB. flush() first asks
 * the server who is logged in (and for a fresh CSRF token), then sends that user's waiting
 * items oldest first. An item leaves the queue only when the server answers JSON naming its
 * UUID; the server stores each UUID once, so sending again after a timeout, or from a page and
 * the worker at the same moment, never makes a duplicate. A refusal (400/409) keeps the item
 * as "failed" with the server's messages, to be corrected and sent again.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ByrumQueue = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var DB_NAME = "byrum-offline";
  var QUEUE = "queue";
  var SENT = "sent";

  /* ---- where items are kept ------------------------------------------------------- */

  function idbStore(indexedDB) {
    function open() {
      return new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains(QUEUE)) {
            db.createObjectStore(QUEUE, { keyPath: "uuid" });
          }
          if (!db.objectStoreNames.contains(SENT)) {
            db.createObjectStore(SENT, { keyPath: "uuid" });
          }
        };
        request.onsuccess = function () {
          var db = request.result;
          // A logout deletes the database: close when asked to, never block it.
          db.onversionchange = function () { db.close(); };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("blocked")); };
      });
    }

    function run(name, mode, action) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var transaction = db.transaction(name, mode);
          var request = action(transaction.objectStore(name));
          transaction.oncomplete = function () {
            db.close();
            resolve(request ? request.result : undefined);
          };
          transaction.onerror = transaction.onabort = function () {
            db.close();
            reject(transaction.error);
          };
        });
      });
    }

    return {
      all: function (name) {
        return run(name, "readonly", function (store) { return store.getAll(); });
      },
      put: function (name, item) {
        return run(name, "readwrite", function (store) { return store.put(item); });
      },
      remove: function (name, key) {
        return run(name, "readwrite", function (store) { return store["delete"](key); });
      }
    };
  }

  /* The same interface in memory: for the unit tests, and where IndexedDB is missing. */
  function memoryStore() {
    var data = {};
    data[QUEUE] = new Map();
    data[SENT] = new Map();
    return {
      all: function (name) {
        return Promise.resolve(Array.from(data[name].values()).map(function (item) {
          return Object.assign({}, item);
        }));
      },
      put: function (name, item) {
        data[name].set(item.uuid, Object.assign({}, item));
        return Promise.resolve();
      },
      remove: function (name, key) {
        data[name]["delete"](key);
        return Promise.resolve();
      }
    };
  }

  /* ---- talking to the server ------------------------------------------------------- */

  function isLogin(response, loginPath) {
    if (!response.redirected || !response.url) {
      return false;
    }
    try {
      return new URL(response.url).pathname === loginPath;
    } catch (error) {
      return false;
    }
  }

  function isJson(response) {
    return (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
  }

  /* Who is logged in, and the CSRF token to send with: {outcome: "ok" | "login" | "retry"}. */
  function session(fetchFn, urls) {
    return fetchFn(urls.session, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (isLogin(response, urls.login)) {
        return { outcome: "login" };
      }
      if (!response.ok || !isJson(response)) {
        return { outcome: "retry" };
      }
      return response.json().then(function (data) {
        return { outcome: "ok", user: String(data.user), csrf: data.csrf };
      });
    }, function () {
      return { outcome: "retry" };
    });
  }

  /* What an answer to a sent item means: sent, failed (refused, with the server's words),
   * login (the session ended) or retry (no network, a server error, a page not meant for us). */
  function classify(response, item, loginPath) {
    if (isLogin(response, loginPath)) {
      return Promise.resolve({ outcome: "login" });
    }
    if (!isJson(response)) {
      // An HTML 403 is a refused CSRF token after the session ended: log in again.
      return Promise.resolve({ outcome: response.status === 403 ? "login" : "retry" });
    }
    return response.json().then(function (answer) {
      if ((response.status === 201 || response.status === 200) && answer.uuid === item.uuid) {
        return { outcome: "sent" };
      }
      if (response.status === 409) {
        return { outcome: "failed", message: answer.error || "", errors: {} };
      }
      if (response.status === 400 && answer.errors) {
        var messages = [];
        Object.keys(answer.errors).forEach(function (key) {
          messages = messages.concat(answer.errors[key]);
        });
        return { outcome: "failed", message: messages.join(" "), errors: answer.errors };
      }
      return { outcome: "retry" };
    }, function () {
      return { outcome: "retry" };
    });
  }

  function send(fetchFn, item, csrf) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (item.photo && item.photo.blob) {
      body.append(item.photo.key, item.photo.blob, item.photo.name);
    }
    return fetchFn(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    });
  }

  function byAge(a, b) { return a.createdAt - b.createdAt; }

  /* Send what is waiting. Resolves to {outcome: "done" | "login" | "retry", sent, failed}. */
  function flush(options) {
    var store = options.store;
    var fetchFn = options.fetch;
    var urls = options.urls;
    var now = options.now || Date.now;
    var lock = options.lock || function (work) { return work(); };
    return lock(function () {
      return store.all(QUEUE).then(function (items) {
        var waiting = items.filter(function (item) { return item.state === "waiting"; });
        var result = { outcome: "done", sent: 0, failed: 0 };
        if (!waiting.length) {
          return result;
        }
        return session(fetchFn, urls).then(function (who) {
          if (who.outcome !== "ok") {
            result.outcome = who.outcome;
            return result;
          }
          // Only the logged-in user's reports: another login's stay for them.
          var mine = waiting.filter(function (item) { return item.owner === who.user; }).sort(byAge);
          return sendAll(mine, who.csrf, result);
        });
      });
    });

    function sendAll(items, csrf, result) {
      if (!items.length) {
        return Promise.resolve(result);
      }
      var item = items[0];
      return send(fetchFn, item, csrf).then(function (response) {
        return classify(response, item, urls.login);
      }, function () {
        return { outcome: "retry" };
      }).then(function (answer) {
        if (answer.outcome === "sent") {
          result.sent += 1;
          return store.remove(QUEUE, item.uuid).then(function () {
            return store.put(SENT, {
              uuid: item.uuid, owner: item.owner, summary: item.summary, sentAt: now()
            });
          }).then(function () { return sendAll(items.slice(1), csrf, result); });
        }
        if (answer.outcome === "failed") {
          result.failed += 1;
          item.state = "failed";
          item.message = answer.message;
          item.errors = answer.errors;
          return store.put(QUEUE, item).then(function () {
            return sendAll(items.slice(1), csrf, result);
          });
        }
        result.outcome = answer.outcome; // login or retry: stop, keep the rest
        return result;
      });
    }
  }

  /* How many of a user's reports are on the phone and not yet delivered. */
  function pending(store, owner) {
    return store.all(QUEUE).then(function (items) {
      return items.filter(function (item) { return item.owner === owner; }).length;
    });
  }

  /* One flush at a time across the pages and the worker, where the browser has Web Locks. */
  function webLock(nav) {
    if (!nav || !nav.locks || !nav.locks.request) {
      return null;
    }
    return function (work) { return nav.locks.request("byrum-queue", work); };
  }

  return {
    DB_NAME: DB_NAME,
    QUEUE: QUEUE,
    SENT: SENT,
    idbStore: idbStore,
    memoryStore: memoryStore,
    session: session,
    classify: classify,
    flush: flush,
    pending: pending,
    webLock: webLock
  };
}));
