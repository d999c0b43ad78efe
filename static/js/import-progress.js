// The progress of a sheet's import job: ask the page's status URL (JSON) every two seconds
// and show rows done of the total; when the job is done, load the page again, which then
// shows the preview or what was imported. Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-text]");

  function show(status) {
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
    }
    text.textContent = status.text;
  }

  function poll() {
    fetch(box.dataset.importStatus, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        if (!status.running) {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 10000); // offline or logged out: try again, less often
      });
  }

  window.setTimeout(poll, 2000);
})();
