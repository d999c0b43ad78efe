/* Byrum's one map set-up: the map of all places, a place's small map, the point picker on
   the place form, and numbered points (a safety walk's findings); translated controls and
   the deployment's tiles come from data- attributes (places/_map_labels.html). Progressive enhancement: every page works without it (the list and the
   latitude/longitude fields are there). Data comes from data- attributes and json_script
   tags; no inline scripts, so a strict Content-Security-Policy can apply. */
(function () {
  "use strict";
  if (!window.L) { return; }

  var DENMARK = [56.2, 10.5];
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function readJSON(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function makeMap(el, options) {
    var map = L.map(el, Object.assign({ zoomControl: false }, options || {}));
    L.control.zoom({
      zoomInTitle: el.dataset.zoomIn || "Zoom in",
      zoomOutTitle: el.dataset.zoomOut || "Zoom out"
    }).addTo(map);
    // Tiles only when the browser is online; offline the markers still show.
    if (el.dataset.tiles && navigator.onLine) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    } else {
      el.classList.add("place-map-offline");
    }
    return map;
  }

  function marker(latlng, name) {
    return L.marker(latlng, { title: name, alt: name, keyboard: true });
  }

  function popupFor(feature, openLabel) {
    var p = feature.properties || {};
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    link.className = "fw-semibold";
    box.appendChild(link);
    var meta = document.createElement("div");
    meta.className = "small";
    meta.textContent = [p.kind_label, p.city].filter(Boolean).join(" · ");
    box.appendChild(meta);
    if (p.open_problem_count) {
      var problems = document.createElement("div");
      problems.className = "small";
      problems.textContent = p.open_problem_count + " " + openLabel;
      box.appendChild(problems);
    }
    return box;
  }

  function listMap(el) {
    var data = readJSON(el.dataset.features) || { type: "FeatureCollection", features: [] };
    var map = makeMap(el);
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) { return marker(latlng, feature.properties.name); },
      onEachFeature: function (feature, lyr) {
        lyr.bindPopup(popupFor(feature, el.dataset.openLabel || ""));
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView(DENMARK, 6);
    }
  }

  function detailMap(el) {
    var latlng = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    var map = makeMap(el);
    var outline = readJSON(el.dataset.outline);
    if (outline) {
      var area = L.geoJSON(outline, { style: { color: "#1f4e5f", weight: 2 } }).addTo(map);
      map.fitBounds(area.getBounds(), { padding: [16, 16], maxZoom: 18 });
    } else {
      map.setView(latlng, 17);
    }
    marker(latlng, el.dataset.name).addTo(map);
  }

  function pickerMap(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    if (!latInput || !lonInput) { return; }
    var map = makeMap(el);
    var point = null;

    function current() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return isNaN(lat) || isNaN(lon) ? null : [lat, lon];
    }
    function place(latlng) {
      if (point) { point.setLatLng(latlng); } else {
        point = L.marker(latlng, { draggable: true, alt: "", keyboard: false }).addTo(map);
        point.on("dragend", function () { write(point.getLatLng()); });
      }
    }
    function write(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }

    var start = current();
    if (start) { place(start); map.setView(start, 16); } else { map.setView(DENMARK, 6); }
    map.on("click", function (event) { place(event.latlng); write(event.latlng); });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var latlng = current();
        if (latlng) { place(latlng); map.setView(latlng, Math.max(map.getZoom(), 16)); }
      });
    });
  }

  // Numbered points, each linking to its entry on the page (a safety walk's findings). The
  // page shows a plain sketch ([data-map-fallback]) until this map replaces it.
  function pointsMap(el) {
    var points = readJSON(el.dataset.points) || [];
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    if (!points.length && isNaN(lat)) { return; }
    el.classList.remove("d-none");
    document.querySelectorAll("[data-map-fallback]").forEach(function (f) { f.hidden = true; });
    var map = makeMap(el);
    var bounds = [];
    points.forEach(function (p, index) {
      var label = (index + 1) + ". " + p.title;
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = label;
      box.appendChild(link);
      if (p.note) { box.appendChild(document.createTextNode(" (" + p.note + ")")); }
      marker([p.lat, p.lng], label).bindPopup(box).addTo(map);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
    } else {
      map.setView([lat, lon], 17);
    }
  }

  var builders = { list: listMap, detail: detailMap, picker: pickerMap, points: pointsMap };
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var build = builders[el.dataset.map];
    if (build) { build(el); }
  });
})();
