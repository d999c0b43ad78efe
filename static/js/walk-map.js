// The safety walk's findings on a map. The page always carries the findings as JSON
// (data-findings names a json_script element) plus a plain SVG sketch; when Leaflet is loaded
// (window.L, vendored in static/vendor/leaflet/) this draws a real map and hides the sketch.
(function () {
  "use strict";
  var el = document.querySelector("[data-walk-map]");
  if (!el || !window.L) { return; }
  var data = document.getElementById(el.dataset.findings);
  var findings = data ? JSON.parse(data.textContent) : [];
  var lat = parseFloat(el.dataset.placeLat), lng = parseFloat(el.dataset.placeLng);
  if (!findings.length && isNaN(lat)) { return; }
  el.classList.remove("d-none");
  document.querySelectorAll("[data-walk-map-fallback]").forEach(function (f) { f.hidden = true; });
  var map = window.L.map(el);
  window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap"
  }).addTo(map);
  var bounds = [];
  findings.forEach(function (f, index) {
    var marker = window.L.marker([f.lat, f.lng], {title: (index + 1) + ". " + f.title}).addTo(map);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = "#finding-" + f.id;
    link.textContent = (index + 1) + ". " + f.title;
    popup.appendChild(link);
    popup.appendChild(document.createTextNode(" (" + f.status + ")"));
    marker.bindPopup(popup);
    bounds.push([f.lat, f.lng]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, {padding: [24, 24], maxZoom: 18});
  } else {
    map.setView([lat, lng], 17);
  }
})();
