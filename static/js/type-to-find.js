// Type to find (byrum/suggest.py): every <input data-suggest="URL"> becomes a tom-select
// combobox that asks the server for suggestions as the person types, and submits the chosen
// record's id. The input holds the chosen record's label and its id in data-value; without
// JavaScript it stays a text field whose name the server resolves. tom-select gives the
// combobox its ARIA (role=combobox, listbox, aria-activedescendant) and moves the <label for>
// to the text box it creates. tom-select (static/vendor/tom-select) and its stylesheet are
// loaded only on a page that has such a field: the paths are on this script's tag.
// A field of several records is a <select multiple data-suggest="URL"> holding the records
// chosen, beside a text box for more names (one a line, for a page without JavaScript): it
// becomes a combobox that adds records as they are picked, each with a remove button, and
// the text box goes.
(function () {
  var MIN_CHARS = 2;
  var tag = document.currentScript;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function loader(url) {
    return function (query, callback) {
      var self = this;
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (rows) {
          self.clearOptions(); // keeps the records already chosen
          callback(rows);
        })
        .catch(function () {
          callback();
        });
    };
  }

  function settings(field, url, placeholder, noResults) {
    return {
      create: false,
      persist: false,
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      placeholder: placeholder,
      loadThrottle: 250,
      // The server has matched already (by the words' beginnings): keep its order.
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function (query) {
        return query.trim().length >= MIN_CHARS;
      },
      load: loader(url),
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
    };
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
    var config = settings(input, url, placeholder, noResults);
    config.maxItems = 1;
    config.options = options;
    config.items = chosen ? [chosen] : [];
    config.closeAfterSelect = true;
    config.plugins = { clear_button: { title: "Ryd" } };
    var select = new window.TomSelect(input, config);
    // The original input now only carries the value; its label names the combobox, so
    // assistive technology should not find a second, unlabelled field.
    input.setAttribute("aria-hidden", "true");
    return select;
  }

  function enhanceMultiple(field) {
    if (field.tomselect) return;
    var url = field.getAttribute("data-suggest");
    var placeholder = field.getAttribute("data-placeholder") || "Skriv for at søge";
    var noResults = field.getAttribute("data-no-results") || "Ingen resultater";
    var removeTitle = field.getAttribute("data-remove") || "Fjern";
    // The text box for names typed without JavaScript: the combobox takes its place.
    var more = field.parentNode.querySelector("[data-suggest-more]");
    if (more) more.remove();
    var config = settings(field, url, placeholder, noResults);
    config.maxItems = null;
    config.closeAfterSelect = false;
    config.hidePlaceholder = false;
    config.plugins = {
      remove_button: { title: removeTitle, label: "×" },
    };
    config.onItemAdd = function () {
      this.setTextboxValue("");
      this.clearOptions();
      this.refreshOptions(false);
    };
    var select = new window.TomSelect(field, config);
    // Each remove button says what it removes, for a screen reader.
    function nameButtons() {
      select.wrapper.querySelectorAll(".item").forEach(function (item) {
        var button = item.querySelector(".remove");
        if (!button) return;
        var text = item.firstChild ? item.firstChild.textContent : "";
        button.setAttribute("aria-label", removeTitle + " " + text);
        button.setAttribute("role", "button");
      });
    }
    select.on("item_add", nameButtons);
    nameButtons();
    field.setAttribute("aria-hidden", "true");
    return select;
  }

  function enhanceAll() {
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
    document.querySelectorAll("select[multiple][data-suggest]").forEach(enhanceMultiple);
  }

  function start() {
    if (!document.querySelector("input[data-suggest], select[data-suggest]")) return;
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
