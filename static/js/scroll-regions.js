// A table too wide for the screen scrolls inside its .table-responsive box. A keyboard user
// must be able to reach and scroll that box (WCAG 2.1.1, axe "scrollable-region-focusable"):
// while it overflows it becomes a focusable, named region; when it fits, it is left alone.
(function () {
  function label(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var section = box.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    return heading ? heading.textContent.trim() : document.title;
  }
  function update() {
    document.querySelectorAll(".table-responsive, [data-scroll-region]").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label(box));
        box.dataset.madeFocusable = "1";
      } else if (!scrolls && box.dataset.madeFocusable) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.madeFocusable;
      }
    });
  }
  update();
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
})();
