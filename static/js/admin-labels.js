// Django admin's tabular inlines name their columns in the table head only: the inputs have
// no label (axe "label", "select-name"), and select2's autocomplete boxes are named by their
// selected value alone (axe "aria-input-field-name"). Name each field by its column (and row),
// and each autocomplete box by its field's label.
(function () {
  "use strict";
  function labelFor(field) {
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    if (label && label.textContent.trim()) { return label.textContent.trim().replace(/:$/, ""); }
    return field.getAttribute("aria-label") || "";
  }
  function nameInlineFields(root) {
    root.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var heads = {};
      table.querySelectorAll("thead th").forEach(function (th) {
        th.classList.forEach(function (cls) {
          if (cls.indexOf("column-") === 0) { heads[cls.slice(7)] = th.textContent.trim(); }
        });
      });
      var deleteHead = table.querySelector("thead th:last-child");
      table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
        row.querySelectorAll("td").forEach(function (cell) {
          var name = "";
          cell.classList.forEach(function (cls) {
            if (cls.indexOf("field-") === 0) { name = heads[cls.slice(6)] || ""; }
          });
          if (!name && cell.classList.contains("delete") && deleteHead) {
            name = deleteHead.textContent.trim();
          }
          if (!name) { return; }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (f) {
            if (!labelFor(f)) { f.setAttribute("aria-label", name + " (" + (index + 1) + ")"); }
          });
        });
      });
    });
  }
  function nameAutocompleteBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentNode.querySelector(
        ".select2-selection[role=combobox], .select2-selection[role=textbox]");
      var name = labelFor(select);
      if (box && name) {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", name);
        // The selected value's box is a read-only textbox of its own: name it too.
        box.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (t) {
          t.setAttribute("aria-label", name);
        });
      }
    });
  }
  // A change list wider than the screen scrolls in its box: keyboard users must reach it.
  function focusableScrollBoxes(root) {
    root.querySelectorAll("#changelist .results, .inline-group .tabular fieldset.module")
      .forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", document.title.split(" | ")[0]);
      }
    });
  }
  // Split date and time fields and select2's search box share one label or none: name each
  // by its row's label.
  function nameSplitFields(root) {
    root.querySelectorAll(".form-row").forEach(function (row) {
      var label = row.querySelector("label");
      var name = label ? label.textContent.trim().replace(/:$/, "") : "";
      if (!name) { return; }
      row.querySelectorAll("input.vDateField, input.vTimeField, .select2-search__field")
        .forEach(function (f) {
          if (labelFor(f) && f.id && document.querySelector('label[for="' + f.id + '"]')) {
            return;
          }
          f.setAttribute("aria-label", name);
        });
    });
  }
  // The filter widget's search icon carries an aria-label without a role that allows one.
  function roleForIcons(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  function run() {
    roleForIcons(document);
    nameSplitFields(document);
    nameInlineFields(document);
    nameAutocompleteBoxes(document);
    focusableScrollBoxes(document);
  }
  // select2 builds its boxes on DOMContentLoaded too: name them once it has.
  // After every other "load" handler: select2 and the filter widget build theirs then.
  window.addEventListener("load", function () { window.setTimeout(run, 0); });
  document.addEventListener("formset:added", function () { window.setTimeout(run, 0); });
})();
