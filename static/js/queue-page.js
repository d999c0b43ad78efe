/* Byrum: the offline queue on every page of a user who reports from the phone.
 *
 * Registers the service worker, sends what is waiting on the phone (on every page load, when
 * the connection returns, when the page is shown again, and by Background Sync from the
 * worker), shows "2 waiting to be sent" in the header while anything is, asks to log in when
 * the session has ended, and clears the phone (queue, caches, worker) at logout.
 * Form pages (offline-queue.js) use it through window.ByrumApp.
 */
(function () {
  "use strict";

  var script = document.getElementById("caretaker-app");
  var Queue = window.ByrumQueue;
  if (!script || !Queue || !window.indexedDB || !window.fetch || !window.Promise) {
    return;
  }
  var d = script.dataset;
  var store = Queue.idbStore(window.indexedDB);
  var urls = { session: d.session, login: d.login };
  var badge = document.querySelector("[data-queue-badge]");
  var listeners = [];
  var state = { loggedOut: false, flushing: false, phase: "" };
  var retryDelay = 5000;
  var retryTimer = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_all, key) { return values[key]; });
  }

  function changed() {
    return Queue.pending(store, d.user).then(function (count) {
      if (badge) {
        badge.hidden = !count;
        badge.textContent = !count ? "" :
          (count === 1 ? d.waitingOne : fill(d.waitingMany, { n: count })) +
          (state.loggedOut ? " – " + d.logIn : "");
        badge.href = state.loggedOut ? d.loginNext : d.formPage + "#queue";
        badge.setAttribute("data-waiting", String(count));
      }
      listeners.forEach(function (listener) { listener(state); });
    }, function () { /* IndexedDB refused (private mode): nothing to show */ });
  }

  function schedule() {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function flush() {
    if (state.flushing) {
      return Promise.resolve();
    }
    state.flushing = true;
    state.phase = "sending";
    return Queue.flush({
      store: store,
      fetch: window.fetch.bind(window),
      urls: urls,
      lock: Queue.webLock(navigator)
    }).then(function (result) {
      state.loggedOut = result.outcome === "login";
      if (result.outcome === "retry") {
        schedule();
      } else {
        retryDelay = 5000;
      }
    }, schedule).then(function () {
      state.flushing = false;
      state.phase = "";
      return changed();
    });
  }

  /* Ask the worker to send when the connection is back, even with no Byrum tab open. */
  function requestSync() {
    if (!("serviceWorker" in navigator)) {
      return Promise.resolve();
    }
    return navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync ? registration.sync.register(d.syncTag) : null;
    })["catch"](function () { /* no Background Sync: the pages send */ });
  }

  /* Logout: the queue, the caches and the worker go (the server's Clear-Site-Data header
   * says the same), then the form is sent. Never waits more than two seconds. */
  function clearPhone() {
    var work = [
      new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(Queue.DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      })
    ];
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches["delete"](name); }));
      }));
    }
    if ("serviceWorker" in navigator) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }));
    }
    var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 2000); });
    return Promise.race([Promise.all(work)["catch"](function () {}), timeout]);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-cleared")) {
        return;
      }
      event.preventDefault();
      clearPhone().then(function () {
        form.setAttribute("data-cleared", "1");
        form.submit();
      });
    });
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(d.worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (navigator.onLine && registration.active) {
        registration.active.postMessage({ type: "hello", user: d.user });
      }
    })["catch"](function () { /* no worker: the pages still send */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") {
        if (event.data.result && event.data.result.outcome === "login") {
          state.loggedOut = true;
        }
        changed();
      }
    });
  }

  window.addEventListener("online", function () { retryDelay = 5000; flush(); });
  window.addEventListener("offline", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });

  window.ByrumApp = {
    store: store,
    user: d.user,
    state: state,
    flush: flush,
    requestSync: requestSync,
    changed: changed,
    onChange: function (listener) { listeners.push(listener); }
  };
  changed();
  flush();
}());
