/* Accessible names the Django admin's own widgets leave out (axe-core zero violations):
 * - autocomplete (select2) boxes get their field's label;
 * - the filter_horizontal search icons are decorative (aria-label on a plain span is not read).
 * Runs after the widgets are built (they start on "load" / jQuery ready). */
(function () {
  "use strict";
  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var box = select.parentElement.querySelector(".select2-selection");
      if (!label || !box) return;
      var name = label.textContent.replace(/:\s*$/, "").trim();
      box.setAttribute("aria-label", name);
      var shown = box.querySelector('[role="textbox"]');
      if (shown) shown.setAttribute("aria-label", name);
    });
    document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.removeAttribute("aria-label");
      icon.setAttribute("aria-hidden", "true");
    });
  }
  window.addEventListener("load", function () {
    window.setTimeout(nameWidgets, 0);
  });
})();
