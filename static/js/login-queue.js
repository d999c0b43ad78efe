/* Byrum's login page: when reports wait on this phone (the session ended before they were
 * sent), say so; after the login, the queue on the next page sends them. */
(function () {
  "use strict";
  var box = document.querySelector("[data-login-queue]");
  if (!box || !window.ByrumQueue || !window.indexedDB || !indexedDB.databases) {
    return;
  }
  // Only look when the database exists: opening it would create it.
  indexedDB.databases().then(function (databases) {
    var found = databases.some(function (db) { return db.name === ByrumQueue.DB_NAME; });
    return found ? ByrumQueue.idbStore(indexedDB).all(ByrumQueue.QUEUE) : [];
  }).then(function (items) {
    if (items.length) {
      box.textContent = items.length === 1 ? box.getAttribute("data-one") :
        box.getAttribute("data-many").replace("{n}", items.length);
      box.hidden = false;
    }
  })["catch"](function () { /* nothing to say */ });
}());
