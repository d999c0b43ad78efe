// The progress of a background export (incidents/export_status.html): ask the page for its
// JSON every few seconds and update the bar and the text (the server words it); when the
// file is ready, show the download link. Without JavaScript the page has a link to load it again.
(function () {
  var box = document.querySelector("[data-export-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-export-progress");
  var bar = box.querySelector("progress");
  var status = document.getElementById("export-status");
  function ask() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        status.textContent = data.progress;
        if (data.download) {
          var ready = document.getElementById("export-ready");
          ready.querySelector('[data-field="download"]').href = data.download;
          ready.hidden = false;
        }
        if (data.finished) {
          if (data.status !== "done") { window.location.reload(); }
          return;
        }
        window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 10000); });
  }
  window.setTimeout(ask, 1000);
})();
