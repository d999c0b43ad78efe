/* Byrum: reports from a phone that are never lost.
 *
 * A submitted report (form[data-offline-form]) is first kept in IndexedDB on the phone,
 * then sent. It only leaves the queue when the server answers JSON naming the UUID the
 * phone gave it; any other answer (a login page after a redirect, an error page, no
 * network) keeps it for a later try. The server stores each UUID once, so sending a
 * report again after a timeout cannot make a duplicate.
 * Without IndexedDB or fetch the forms post as plain HTML forms.
 */
(function () {
  "use strict";

  var root = document.getElementById("report-page");
  if (!root || !window.indexedDB || !window.fetch || !window.FormData || !window.Promise) {
    return;
  }

  var DB_NAME = "byrum-offline";
  var QUEUE = "queue";
  var SENT = "sent";
  var SENT_KEEP_MS = 12 * 60 * 60 * 1000;
  var MAX_RETRY_MS = 60 * 1000;
  var userId = root.getAttribute("data-user");
  var loginUrl = root.getAttribute("data-login-url");
  var loginPath = root.getAttribute("data-login-path");
  var text = JSON.parse(document.getElementById("queue-text").textContent);
  var section = root.querySelector("[data-queue]");
  var statusBox = root.querySelector("[data-queue-status]");
  var list = root.querySelector("[data-queue-list]");
  var flushing = false;
  var loggedOut = false;
  var retryDelay = 5000;
  var retryTimer = null;

  /* ---- IndexedDB ---------------------------------------------------------------- */

  function openDb() {
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
        // Let a logout elsewhere delete the database: close when asked to.
        db.onversionchange = function () { db.close(); };
        resolve(db);
      };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  function run(storeName, mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var request = action(transaction.objectStore(storeName));
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

  function all(storeName) {
    return run(storeName, "readonly", function (store) { return store.getAll(); });
  }
  function put(storeName, item) {
    return run(storeName, "readwrite", function (store) { return store.put(item); });
  }
  function remove(storeName, key) {
    return run(storeName, "readwrite", function (store) { return store["delete"](key); });
  }

  /* ---- helpers ------------------------------------------------------------------ */

  function newUuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_all, key) { return values[key]; });
  }

  function checkedLabel(form, name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    if (!input) {
      return "";
    }
    var label = form.querySelector("label[for='" + input.id + "']");
    return label ? label.textContent.trim() : "";
  }

  function placeName(form) {
    var select = form.querySelector("[data-other-place]");
    if (select && select.value) {
      return select.options[select.selectedIndex].getAttribute("data-name");
    }
    var radio = form.querySelector(".place-choice input[type=radio]:checked");
    return radio ? radio.getAttribute("data-name") : "";
  }

  function summary(form) {
    var kind = form.getAttribute("data-kind");
    var prefix = form.querySelector("[name$='client_uuid']").name.replace("client_uuid", "");
    var what = checkedLabel(form, prefix + (kind === "incident" ? "category" : "task"));
    var when = "";
    var time = form.querySelector("[data-now]");
    if (time && time.value) {
      when = time.value.slice(11, 16);
    }
    return [kind === "incident" ? "" : text.small_job, placeName(form), what, when]
      .filter(Boolean).join(" · ");
  }

  /* ---- photo: shrink on the phone (which also drops EXIF) before keeping it ------- */

  function preparePhoto(entry) {
    if (!entry) {
      return Promise.resolve(null);
    }
    if (!window.createImageBitmap) {
      return Promise.resolve({ key: entry.key, blob: entry.file, name: entry.file.name });
    }
    return createImageBitmap(entry.file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve({ key: entry.key, blob: blob || entry.file, name: "photo.jpg" });
        }, "image/jpeg", 0.85);
      });
    }, function () {
      var error = new Error(text.not_image);
      error.field = entry.key;
      throw error;
    });
  }

  function showFieldError(form, name, message) {
    var input = form.querySelector("[name='" + name + "']");
    if (!input) {
      return;
    }
    input.classList.add("is-invalid");
    var box = document.createElement("div");
    box.className = "invalid-feedback d-block";
    box.setAttribute("data-js-error", "");
    box.textContent = message;
    input.parentNode.appendChild(box);
    input.focus();
  }

  function clearFieldErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-js-error]"), function (el) {
      el.parentNode.removeChild(el);
    });
    Array.prototype.forEach.call(form.querySelectorAll(".is-invalid"), function (el) {
      el.classList.remove("is-invalid");
    });
  }

  /* ---- keeping a report ------------------------------------------------------------ */

  function onSubmit(event) {
    var form = event.target;
    event.preventDefault();
    if (form.getAttribute("data-busy")) {
      return; // a double tap: the first tap is already being kept
    }
    clearFieldErrors(form);
    if (!form.reportValidity()) {
      return;
    }
    form.setAttribute("data-busy", "1");
    var uuidInput = form.querySelector("[name$='client_uuid']");
    uuidInput.value = newUuid();
    var fields = [];
    var photo = null;
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string") {
        if (key !== "csrfmiddlewaretoken") {
          fields.push([key, value]);
        }
      } else if (value && value.size) {
        photo = { key: key, file: value };
      }
    });
    var item = {
      uuid: uuidInput.value,
      url: form.action,
      owner: userId,
      fields: fields,
      summary: summary(form),
      createdAt: Date.now(),
      state: "waiting",
      message: ""
    };
    preparePhoto(photo).then(function (prepared) {
      item.photo = prepared;
      return put(QUEUE, item).then(function () {
        resetForm(form);
        flush();
      }, function () {
        // No room on the phone (or private browsing): send it the plain way.
        form.removeEventListener("submit", onSubmit);
        form.submit();
      });
    }, function (error) {
      showFieldError(form, error.field, error.message);
    }).then(function () {
      form.removeAttribute("data-busy");
    });
  }

  function resetForm(form) {
    var place = form.querySelector(".place-choice input[type=radio]:checked");
    var other = form.querySelector("[data-other-place]");
    var otherValue = other ? other.value : "";
    form.reset();
    // The place stays: the next report is most often from the same place.
    if (place) {
      place.checked = true;
    }
    if (other) {
      other.value = otherValue;
    }
    var time = form.querySelector("[data-now]");
    if (time) {
      time.removeAttribute("data-touched");
      time.value = localNow();
    }
    var uuidInput = form.querySelector("[name$='client_uuid']");
    uuidInput.value = newUuid();
    window.scrollTo(0, 0);
  }

  /* ---- sending ---------------------------------------------------------------------- */

  function send(item) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (item.photo) {
      body.append(item.photo.key, item.photo.blob, item.photo.name);
    }
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      var url = new URL(response.url, window.location.href);
      if (response.redirected && url.pathname === loginPath) {
        return { outcome: "login" };
      }
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // An HTML 403 is a refused CSRF token after the session ended: log in again.
        return { outcome: response.status === 403 ? "login" : "retry" };
      }
      return response.json().then(function (answer) {
        if ((response.status === 201 || response.status === 200) && answer.uuid === item.uuid) {
          return { outcome: "sent" };
        }
        if (response.status === 409) {
          return { outcome: "failed", message: answer.error };
        }
        if (response.status === 400 && answer.errors) {
          var messages = [];
          Object.keys(answer.errors).forEach(function (key) {
            messages = messages.concat(answer.errors[key]);
          });
          return { outcome: "failed", message: messages.join(" ") };
        }
        return { outcome: "retry" };
      });
    }, function () {
      return { outcome: "retry" };
    });
  }

  function sendAll(items) {
    if (!items.length) {
      return Promise.resolve("done");
    }
    var item = items[0];
    return send(item).then(function (result) {
      if (result.outcome === "sent") {
        return remove(QUEUE, item.uuid).then(function () {
          return put(SENT, { uuid: item.uuid, summary: item.summary, sentAt: Date.now() });
        }).then(function () { return sendAll(items.slice(1)); });
      }
      if (result.outcome === "failed") {
        item.state = "failed";
        item.message = result.message || "";
        return put(QUEUE, item).then(function () { return sendAll(items.slice(1)); });
      }
      return result.outcome; // "login" or "retry": stop here, keep the rest
    });
  }

  function flush() {
    if (flushing) {
      return Promise.resolve();
    }
    flushing = true;
    return all(QUEUE).then(function (items) {
      var mine = items.filter(function (item) {
        return item.owner === userId && item.state === "waiting";
      }).sort(function (a, b) { return a.createdAt - b.createdAt; });
      if (!mine.length) {
        return "done";
      }
      render("sending");
      return sendAll(mine);
    }).then(function (outcome) {
      loggedOut = outcome === "login";
      if (outcome === "done") {
        retryDelay = 5000;
      } else if (outcome === "retry") {
        schedule();
      }
    }, function () {
      schedule();
    }).then(function () {
      flushing = false;
      return render();
    });
  }

  function schedule() {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
  }

  /* ---- showing the queue --------------------------------------------------------------- */

  function row(summaryText, state, message, uuid) {
    var li = document.createElement("li");
    li.className = "list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2";
    li.setAttribute("data-state", state);
    var label = document.createElement("span");
    label.textContent = summaryText;
    li.appendChild(label);
    var badge = document.createElement("span");
    var styles = { waiting: "text-bg-warning", sent: "text-bg-success", failed: "text-bg-danger" };
    badge.className = "badge " + styles[state];
    badge.textContent = text["state_" + state];
    li.appendChild(badge);
    if (state === "failed") {
      var why = document.createElement("span");
      why.className = "small w-100";
      why.textContent = message;
      li.appendChild(why);
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-danger";
      discard.textContent = text.discard;
      discard.addEventListener("click", function () {
        remove(QUEUE, uuid).then(function () { render(); });
      });
      li.appendChild(discard);
    }
    return li;
  }

  function render(phase) {
    return Promise.all([all(QUEUE), all(SENT)]).then(function (stores) {
      var queued = stores[0];
      var now = Date.now();
      var sent = stores[1].filter(function (item) { return now - item.sentAt < SENT_KEEP_MS; })
        .sort(function (a, b) { return b.sentAt - a.sentAt; }).slice(0, 5);
      var mine = queued.filter(function (item) { return item.owner === userId; });
      var waiting = mine.filter(function (item) { return item.state === "waiting"; });
      var others = queued.length - mine.length;

      list.textContent = "";
      mine.sort(function (a, b) { return a.createdAt - b.createdAt; }).forEach(function (item) {
        list.appendChild(row(item.summary, item.state, item.message, item.uuid));
      });
      sent.forEach(function (item) { list.appendChild(row(item.summary, "sent", "", item.uuid)); });

      statusBox.textContent = "";
      var failed = mine.length - waiting.length;
      var kind = "alert-success";
      var message;
      if (failed) {
        message = fill(text.failed, { n: failed });
        kind = "alert-danger";
      }
      if (waiting.length) {
        message = (failed ? message + " " : "") +
          (waiting.length === 1 ? text.waiting_one : fill(text.waiting_many, { n: waiting.length }));
        kind = failed ? "alert-danger" : "alert-warning";
        if (loggedOut) {
          message += ". " + text.login;
        } else if (!navigator.onLine) {
          message += ". " + text.offline;
        } else if (phase === "sending") {
          message += ". " + text.sending;
        } else {
          message += ".";
        }
      } else if (!failed) {
        message = mine.length || sent.length ? text.all_sent : "";
      }
      statusBox.appendChild(document.createTextNode(message));
      if (waiting.length && loggedOut) {
        var link = document.createElement("a");
        link.href = loginUrl;
        link.className = "alert-link ms-1";
        link.textContent = text.login_link;
        statusBox.appendChild(link);
      }
      if (others) {
        var note = document.createElement("div");
        note.className = "small mt-1";
        note.textContent = fill(text.other_user, { n: others });
        statusBox.appendChild(note);
      }
      statusBox.className = "alert mb-2 " + kind;
      statusBox.setAttribute("data-waiting", String(waiting.length));
      section.hidden = !(mine.length || sent.length || others);
      // Prune sent entries that are older than the window shown.
      stores[1].forEach(function (item) {
        if (now - item.sentAt >= SENT_KEEP_MS) {
          remove(SENT, item.uuid);
        }
      });
    });
  }

  /* ---- the form's small helpers ------------------------------------------------------- */

  function keepTimeCurrent() {
    Array.prototype.forEach.call(root.querySelectorAll("[data-now]"), function (input) {
      input.max = localNow();
      if (!input.getAttribute("data-touched") && !input.classList.contains("is-invalid")) {
        input.value = localNow();
      }
    });
  }

  function wirePlaces(form) {
    var select = form.querySelector("[data-other-place]");
    var radios = form.querySelectorAll(".place-choice input[type=radio]");
    if (select) {
      select.addEventListener("change", function () {
        if (select.value) {
          Array.prototype.forEach.call(radios, function (radio) { radio.checked = false; });
        }
      });
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () {
        if (select) {
          select.value = "";
        }
      });
    });
    var button = form.querySelector("[data-nearest]");
    if (!button || !navigator.geolocation) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude;
        var lon = position.coords.longitude;
        var best = null;
        Array.prototype.forEach.call(form.querySelectorAll("[data-lat]"), function (el) {
          var distance = metres(lat, lon, parseFloat(el.getAttribute("data-lat")),
            parseFloat(el.getAttribute("data-lon")));
          if (!best || distance < best.distance) {
            best = { el: el, distance: distance };
          }
        });
        if (!best) {
          return;
        }
        if (best.el.tagName === "OPTION") {
          select.value = best.el.value;
          select.dispatchEvent(new Event("change"));
        } else {
          best.el.checked = true;
          best.el.dispatchEvent(new Event("change"));
        }
        var latInput = form.querySelector("[name$='latitude']");
        var lonInput = form.querySelector("[name$='longitude']");
        if (latInput && lonInput) {
          latInput.value = lat.toFixed(5);
          lonInput.value = lon.toFixed(5);
        }
        announce(fill(text.nearest, {
          name: best.el.getAttribute("data-name"), distance: Math.round(best.distance)
        }));
      }, function () {
        announce(text.no_position);
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  function metres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function announce(message) {
    section.hidden = false;
    statusBox.className = "alert mb-2 alert-info";
    statusBox.textContent = message;
  }

  /* ---- start ---------------------------------------------------------------------------- */

  Array.prototype.forEach.call(root.querySelectorAll("form[data-offline-form]"), function (form) {
    form.addEventListener("submit", onSubmit);
    wirePlaces(form);
  });
  Array.prototype.forEach.call(root.querySelectorAll("[data-now]"), function (input) {
    input.addEventListener("input", function () { input.setAttribute("data-touched", "1"); });
  });
  keepTimeCurrent();
  window.setInterval(keepTimeCurrent, 30000);
  window.addEventListener("online", function () { retryDelay = 5000; flush(); });
  window.addEventListener("offline", function () { render(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      keepTimeCurrent();
      flush();
    }
  });
  flush();
}());
