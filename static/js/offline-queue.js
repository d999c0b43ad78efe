/* Byrum: reports from a phone that are never lost (the report and small-job forms, and the
 * offline page).
 *
 * A submitted report (form[data-offline-form]) is first kept in IndexedDB on the phone,
 * then sent by queue-page.js / queue-core.js (see there for when it leaves the queue). Here:
 * keeping it, showing the phone's queue, opening a refused report again as a filled form
 * with the server's words, and the server's limits before sending (a character counter,
 * no future dates). Without IndexedDB or fetch the forms post as plain HTML forms.
 */
(function () {
  "use strict";

  var root = document.getElementById("report-page");
  var app = window.ByrumApp;
  if (!root || !app || !window.FormData) {
    return;
  }

  var Queue = window.ByrumQueue;
  var QUEUE = Queue.QUEUE;
  var SENT = Queue.SENT;
  var SENT_KEEP_MS = 12 * 60 * 60 * 1000;
  var userId = app.user;
  var loginUrl = root.getAttribute("data-login-url");
  var text = JSON.parse(document.getElementById("queue-text").textContent);
  var section = root.querySelector("[data-queue]");
  var statusBox = root.querySelector("[data-queue-status]");
  var list = root.querySelector("[data-queue-list]");

  function all(name) { return app.store.all(name); }
  function put(name, item) { return app.store.put(name, item); }
  function remove(name, key) { return app.store.remove(name, key); }

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
    checkLimits(form);
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
      url: new URL(form.action, window.location.href).pathname,
      kind: form.getAttribute("data-kind"),
      owner: userId,
      fields: fields,
      summary: summary(form),
      createdAt: Date.now(),
      state: "waiting",
      message: ""
    };
    preparePhoto(photo).then(function (prepared) {
      item.photo = prepared;
      var replaced = form.getAttribute("data-replaces");
      return put(QUEUE, item).then(function () {
        // A corrected report replaces the refused one it was opened from.
        return replaced ? remove(QUEUE, replaced) : null;
      }).then(function () {
        form.removeAttribute("data-replaces");
        resetForm(form);
        render();
        app.requestSync();
        app.flush();
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
    Array.prototype.forEach.call(form.querySelectorAll("[data-max-chars]"), updateCounter);
    var uuidInput = form.querySelector("[name$='client_uuid']");
    uuidInput.value = newUuid();
    window.scrollTo(0, 0);
  }


  /* ---- showing the queue --------------------------------------------------------------- */

  function row(item, state) {
    var li = document.createElement("li");
    li.className = "list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2";
    li.setAttribute("data-state", state);
    var label = document.createElement("span");
    label.textContent = item.summary;
    li.appendChild(label);
    var badge = document.createElement("span");
    var styles = { waiting: "text-bg-warning", sent: "text-bg-success", failed: "text-bg-danger" };
    badge.className = "badge " + styles[state];
    badge.textContent = text["state_" + state];
    li.appendChild(badge);
    if (state === "failed") {
      var why = document.createElement("span");
      why.className = "small w-100";
      why.textContent = item.message;
      li.appendChild(why);
      var fix = document.createElement("a");
      fix.className = "btn btn-sm btn-primary";
      fix.href = item.url + "#ret=" + item.uuid;
      fix.setAttribute("data-fix", item.uuid);
      fix.textContent = text.fix;
      fix.addEventListener("click", function (event) {
        var form = formFor(item);
        if (form) {
          event.preventDefault();
          openAgain(form, item);
        }
      });
      li.appendChild(fix);
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-danger";
      discard.textContent = text.discard;
      discard.addEventListener("click", function () {
        remove(QUEUE, item.uuid).then(function () { render(); app.changed(); });
      });
      li.appendChild(discard);
    }
    return li;
  }

  function render() {
    return Promise.all([all(QUEUE), all(SENT)]).then(function (stores) {
      var queued = stores[0];
      var now = Date.now();
      var sent = stores[1].filter(function (item) {
        return item.owner === userId && now - item.sentAt < SENT_KEEP_MS;
      }).sort(function (a, b) { return b.sentAt - a.sentAt; }).slice(0, 5);
      var mine = queued.filter(function (item) { return item.owner === userId; });
      var waiting = mine.filter(function (item) { return item.state === "waiting"; });
      var others = queued.length - mine.length;

      list.textContent = "";
      mine.sort(function (a, b) { return a.createdAt - b.createdAt; }).forEach(function (item) {
        list.appendChild(row(item, item.state));
      });
      sent.forEach(function (item) { list.appendChild(row(item, "sent")); });

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
        if (app.state.loggedOut) {
          message += ". " + text.login;
        } else if (!navigator.onLine) {
          message += ". " + text.offline;
        } else if (app.state.phase === "sending") {
          message += ". " + text.sending;
        } else {
          message += ".";
        }
      } else if (!failed) {
        message = mine.length || sent.length ? text.all_sent : "";
      }
      statusBox.appendChild(document.createTextNode(message));
      if (waiting.length && app.state.loggedOut) {
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

  /* ---- a refused report opens again, filled in, with the server's words ----------------- */

  function formFor(item) {
    var forms = root.querySelectorAll("form[data-offline-form]");
    for (var i = 0; i < forms.length; i += 1) {
      if (new URL(forms[i].action, window.location.href).pathname === item.url) {
        return forms[i];
      }
    }
    return null;
  }

  function openAgain(form, item) {
    clearFieldErrors(form);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = false;
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (radio) {
      radio.checked = false;
    });
    item.fields.forEach(function (pair) {
      var inputs = form.querySelectorAll("[name='" + pair[0] + "']");
      Array.prototype.forEach.call(inputs, function (input) {
        if (input.type === "radio") {
          input.checked = input.value === pair[1];
        } else if (input.type === "checkbox") {
          input.checked = true;
        } else if (input.type !== "file") {
          input.value = pair[1];
        }
      });
    });
    var time = form.querySelector("[data-now]");
    if (time) {
      time.setAttribute("data-touched", "1");
    }
    if (item.photo && item.photo.blob && window.DataTransfer) {
      var input = form.querySelector("[name='" + item.photo.key + "']");
      try {
        var files = new DataTransfer();
        files.items.add(new File([item.photo.blob], item.photo.name, { type: item.photo.blob.type }));
        input.files = files.files;
      } catch (error) { /* the photo stays in the refused item until it is removed */ }
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-max-chars]"), updateCounter);
    form.setAttribute("data-replaces", item.uuid);
    var top = form.querySelector("[data-form-message]");
    var errors = item.errors || {};
    var general = (errors.__all__ || []).join(" ");
    var shown = false;
    Object.keys(errors).forEach(function (name) {
      if (name !== "__all__" && form.querySelector("[name='" + name + "']")) {
        showFieldError(form, name, errors[name].join(" "));
        shown = true;
      }
    });
    if (!shown && !general) {
      general = item.message;
    }
    top.textContent = text.fix_intro + (general ? " " + general : "");
    top.hidden = false;
    top.scrollIntoView();
    top.focus();
  }

  function openFromAddress() {
    var match = /^#ret=([0-9a-f-]+)$/.exec(window.location.hash);
    if (!match) {
      return;
    }
    all(QUEUE).then(function (items) {
      items.forEach(function (item) {
        var form = formFor(item);
        if (item.uuid === match[1] && item.owner === userId && form) {
          openAgain(form, item);
        }
      });
    });
  }

  /* ---- the server's limits, before sending ------------------------------------------------ */

  function updateCounter(input) {
    var max = parseInt(input.getAttribute("data-max-chars"), 10);
    var counter = document.getElementById(input.id + "_count");
    var length = input.value.length;
    var over = length - max;
    input.setCustomValidity(over > 0 ? fill(text.too_long, { max: max, over: over }) : "");
    if (counter) {
      counter.textContent = fill(text.chars, { n: length, max: max }) +
        (over > 0 ? " – " + fill(text.too_long, { max: max, over: over }) : "");
      counter.classList.toggle("text-danger", over > 0);
      counter.classList.toggle("fw-semibold", over > 0);
    }
  }

  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function daysAgo(days) {
    var date = new Date();
    date.setDate(date.getDate() - days);
    return date;
  }

  function checkLimits(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-max-chars]"), updateCounter);
    Array.prototype.forEach.call(form.querySelectorAll("[data-days-back]"), function (input) {
      var back = daysAgo(parseInt(input.getAttribute("data-days-back"), 10));
      if (input.type === "date") {
        input.max = isoDate(new Date());
        input.min = isoDate(back);
      } else {
        input.max = localNow();
        input.min = isoDate(back) + "T00:00";
      }
    });
  }

  /* ---- the form's small helpers ------------------------------------------------------- */

  function keepTimeCurrent() {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-offline-form]"), checkLimits);
    Array.prototype.forEach.call(root.querySelectorAll("[data-now]"), function (input) {
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
    Array.prototype.forEach.call(form.querySelectorAll("[data-max-chars]"), function (input) {
      input.addEventListener("input", function () { updateCounter(input); });
      updateCounter(input);
    });
  });
  Array.prototype.forEach.call(root.querySelectorAll("[data-now]"), function (input) {
    input.addEventListener("input", function () { input.setAttribute("data-touched", "1"); });
  });
  keepTimeCurrent();
  window.setInterval(keepTimeCurrent, 30000);
  window.addEventListener("offline", function () { render(); });
  window.addEventListener("hashchange", openFromAddress);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      keepTimeCurrent();
    }
  });
  app.onChange(function () { render(); });
  render().then(openFromAddress);
}());
