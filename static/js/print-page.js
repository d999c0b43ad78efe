// A "Print" button: any element with data-print-page opens the browser's print dialog.
document.querySelectorAll("[data-print-page]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
