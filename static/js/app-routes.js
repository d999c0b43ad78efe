/* Byrum's service worker: which requests it answers and how (pure functions, so that
 * tests/js/ can check them with Node's test runner).
 *
 *   static  a precached static file (hashed name): from the cache, else the network
 *   shell   a page of the app shell (report form, small-job form, offline page): the
 *           network first, kept for offline use when the server marks it with the shell
 *           header; from the cache when the network fails or is too slow
 *   page    any other page: the network only (nothing the server knows about incidents is
 *           kept on the phone); the offline page when there is no network
 *   pass    everything else (posts, JSON, other static files): the browser as usual
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ByrumRoutes = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function route(request, config) {
    var url = new URL(request.url);
    if (url.origin !== config.origin || request.method !== "GET") {
      return "pass";
    }
    if (config.static.indexOf(url.pathname) !== -1) {
      return "static";
    }
    if (request.mode !== "navigate") {
      return "pass";
    }
    if (config.pages.indexOf(url.pathname) !== -1) {
      return "shell";
    }
    return "page";
  }

  /* A page is kept only when it is the page itself (not a login page after a redirect) and
   * the server says it may be kept. */
  function shouldKeep(response, config) {
    return Boolean(response && response.ok && !response.redirected &&
      response.headers.get(config.shellHeader) === "1");
  }

  /* The cache key of a shell page: its path, without query or fragment. */
  function pageKey(url) {
    return new URL(url).pathname;
  }

  /* The static caches of older workers, to delete when a new one takes over. */
  function staleCaches(names, current) {
    return names.filter(function (name) {
      return name.indexOf("byrum-static-") === 0 && name !== current;
    });
  }

  return { route: route, shouldKeep: shouldKeep, pageKey: pageKey, staleCaches: staleCaches };
}));
