// Type to find (byrum/suggest.py): every <input data-suggest="URL"> becomes a tom-select
// combobox that asks the server for suggestions as the person types, and submits the chosen
// record's id. The input holds the chosen record's label and its id in data-value; without
// JavaScript it stays a text field whose name the server resolves. tom-select gives the
// combobox its ARIA (role=combobox, listbox, aria-activedescendant) and moves the <label for>
// to the text box it creates. tom-select (static/vendor/tom-select) and its stylesheet are
// loaded only on a page that has such a field: the paths are on this script's tag.
(function () {
  var MIN_CHARS = 2;
  var tag = document.currentScript;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function enhance(input) {
    if (input.tomselect) return;
    var url = input.getAttribute("data-suggest");
    var chosen = input.getAttribute("data-value");
    var options = [];
    if (chosen) {
      options.push({ value: chosen, text: input.value });
      input.value = chosen;
    } else {
      input.value = ""; // a name that did not resolve: the form's error says why
    }
    var placeholder = input.getAttribute("placeholder") || "Skriv for at søge";
    var noResults = input.getAttribute("data-no-results") || "Ingen resultater";
    var select = new window.TomSelect(input, {
      maxItems: 1,
      create: false,
      persist: false,
      options: options,
      items: chosen ? [chosen] : [],
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      placeholder: placeholder,
      loadThrottle: 250,
      closeAfterSelect: true,
      plugins: { clear_button: { title: "Ryd" } },
      // The server has matched already (by the words' beginnings): keep its order.
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function (query) {
        return query.trim().length >= MIN_CHARS;
      },
      load: function (query, callback) {
        var self = this;
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : [];
          })
          .then(function (rows) {
            self.clearOptions();
            callback(rows);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(noResults) + "</div>";
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">Søger …</span></div>';
        },
        not_loading: function (data) {
          if (data.input.trim().length < MIN_CHARS) {
            return '<div class="no-results">' + escape(placeholder) + "</div>";
          }
        },
        option: function (data) {
          return "<div>" + escape(data.text) + "</div>";
        },
        item: function (data) {
          return "<div>" + escape(data.text) + "</div>";
        },
      },
    });
    // The original input now only carries the value; its label names the combobox, so
    // assistive technology should not find a second, unlabelled field.
    input.setAttribute("aria-hidden", "true");
    return select;
  }

  function enhanceAll() {
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
  }

  function start() {
    if (!document.querySelector("input[data-suggest]")) return;
    if (typeof window.TomSelect === "function") {
      enhanceAll();
      return;
    }
    if (!tag || !tag.dataset.library) return; // the text inputs work without it
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = tag.dataset.stylesheet;
    document.head.appendChild(style);
    var library = document.createElement("script");
    library.src = tag.dataset.library;
    library.addEventListener("load", enhanceAll);
    document.head.appendChild(library);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
