// The minutes editor never loses text: each agenda item's notes are saved in the background
// every 10 seconds and when the writer leaves a field, the status line says "Gemt kl. 10:42"
// or "Ikke gemt", and the browser warns before leaving the page with unsaved changes.
// Without JavaScript the form's own submit button saves everything.
(function () {
  "use strict";
  var form = document.querySelector("[data-minutes-editor]");
  if (!form) { return; }
  var INTERVAL = 10000;
  var labels = form.dataset;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-minutes-item]"));
  var submitting = false;

  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

  function field(item, name) { return item.querySelector('[data-field="' + name + '"]'); }

  function snapshot(item) {
    var outcome = field(item, "outcome");
    return JSON.stringify([field(item, "notes").value, outcome ? outcome.value : null]);
  }

  function setStatus(item, text, kind) {
    var el = item.querySelector("[data-save-status]");
    el.textContent = text;
    el.classList.toggle("text-success", kind === "ok");
    el.classList.toggle("text-danger", kind === "error");
  }

  function unsaved(item) {
    var now = snapshot(item);
    return now !== item.savedState && now !== item.pendingState;
  }

  function save(item, keepalive) {
    if (item.stopped || item.pendingState || snapshot(item) === item.savedState) { return; }
    var state = snapshot(item);
    var body = new URLSearchParams();
    body.append("notes", field(item, "notes").value);
    body.append("version", field(item, "version").value);
    if (field(item, "outcome")) { body.append("outcome", field(item, "outcome").value); }
    item.pendingState = state;
    setStatus(item, labels.labelSaving, "");
    fetch(item.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, status: response.status, data: data}; });
    }).then(function (result) {
      item.pendingState = null;
      if (result.ok && result.data.saved) {
        item.savedState = state;
        field(item, "version").value = result.data.version;
        item.querySelector("[data-changed]").textContent = result.data.changed;
        setStatus(item, snapshot(item) === state ? result.data.message : labels.labelUnsaved,
                  snapshot(item) === state ? "ok" : "");
      } else {
        // A conflict or refusal: keep the text on screen and stop saving over the other's.
        if (result.status === 409) { item.stopped = true; }
        setStatus(item, result.data.message || labels.labelUnsaved, "error");
      }
    }).catch(function () {
      item.pendingState = null;
      setStatus(item, labels.labelFailed, "error");
    });
  }

  items.forEach(function (item) {
    item.savedState = snapshot(item);
    item.pendingState = null;
    item.addEventListener("input", function () {
      if (!item.stopped) { setStatus(item, labels.labelUnsaved, ""); }
    });
    item.addEventListener("change", function () { save(item, false); });
    item.addEventListener("focusout", function () { save(item, true); });
  });

  window.setInterval(function () { items.forEach(function (item) { save(item, false); }); }, INTERVAL);

  form.addEventListener("submit", function () { submitting = true; });

  window.addEventListener("beforeunload", function (event) {
    if (submitting) { return; }
    if (items.some(unsaved)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
