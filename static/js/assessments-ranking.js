// Optional up/down buttons beside each rank number; the number inputs alone already work
// with the keyboard. Moving an activity up swaps its rank with the one above it.
(function () {
  "use strict";
  document.querySelectorAll(".ranking").forEach(function (list) {
    var inputs = Array.prototype.slice.call(list.querySelectorAll("input.rank-input"));
    var count = inputs.length;
    function swap(input, delta) {
      var current = parseInt(input.value, 10);
      if (isNaN(current)) {
        // An unranked activity joins the ranking after the ones already ranked.
        var used = inputs.map(function (i) { return parseInt(i.value, 10) || 0; });
        current = Math.max.apply(null, used) + 1;
        if (current > count) { return; }
        delta = 0;
      }
      var target = current + delta;
      if (target < 1 || target > count) { return; }
      inputs.forEach(function (other) {
        if (other !== input && parseInt(other.value, 10) === target) { other.value = String(current); }
      });
      input.value = String(target);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      var status = list.querySelector(".rank-status");
      if (status) {
        var label = list.querySelector("label[for='" + input.id + "']");
        status.textContent = (label ? label.textContent.trim() : "Activity") + ": rank " + target;
      }
    }
    var status = document.createElement("p");
    status.className = "rank-status visually-hidden";
    status.setAttribute("aria-live", "polite");
    list.appendChild(status);
    inputs.forEach(function (input) {
      var label = list.querySelector("label[for='" + input.id + "']");
      var name = label ? label.textContent.trim() : "activity";
      [["Move down", 1, "↓"], ["Move up", -1, "↑"]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-secondary rank-move";
        button.setAttribute("aria-label", spec[0] + ": " + name);
        button.textContent = spec[2];
        button.addEventListener("click", function () { swap(input, spec[1]); });
        input.insertAdjacentElement("afterend", button);
      });
    });
  });
})();
