// "Use my position" on the finding form: fills latitude and longitude from the phone's GPS.
// Manual entry always works; the button only shows when the browser can locate.
(function () {
  "use strict";
  var button = document.querySelector("[data-use-position]");
  if (!button || !("geolocation" in navigator)) { return; }
  var status = document.querySelector("[data-position-status]");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.dataset.labelBusy;
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lng.value = position.coords.longitude.toFixed(6);
      status.textContent = button.dataset.labelDone.replace("%s", Math.round(position.coords.accuracy));
      button.disabled = false;
    }, function () {
      status.textContent = button.dataset.labelFailed;
      button.disabled = false;
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 30000});
  });
})();
