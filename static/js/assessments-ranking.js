// The ranking as a list the respondent reorders. Without JavaScript each activity has a
// rank number (1 = most important), which the server checks. With it, the activities are
// shown in rank order (ranked first, then the unranked ones) and each has "Move up" and
// "Move down" buttons: "Move up" on an unranked activity adds it at the end of the
// ranking, "Move down" on the last ranked one takes it out. The rank numbers follow the
// list, and the new position is announced (aria-live). An activity can also be dragged
// onto another to take its place. Typed numbers are kept as typed
// (the list is not reordered under the cursor); the next move orders the list by them.
(function () {
  "use strict";
  document.querySelectorAll(".ranking").forEach(function (list) {
    var entries = Array.prototype.slice.call(list.querySelectorAll("input.rank-input")).map(
      function (input, index) {
        var row = input;
        while (row.parentElement && row.parentElement !== list) { row = row.parentElement; }
        var label = list.querySelector("label[for='" + input.id + "']");
        return {
          input: input,
          row: row,
          index: index,
          name: label ? label.textContent.trim() : "Activity"
        };
      }
    );
    var count = entries.length;
    var status = document.createElement("p");
    status.className = "rank-status visually-hidden";
    status.setAttribute("aria-live", "polite");
    list.appendChild(status);

    function rankOf(entry) {
      var value = parseInt(entry.input.value, 10);
      return isNaN(value) ? null : value;
    }
    function ordered() {
      // Ranked activities by rank, then the unranked ones in the questionnaire's order.
      return entries.slice().sort(function (a, b) {
        var ra = rankOf(a), rb = rankOf(b);
        if (ra !== null && rb !== null && ra !== rb) { return ra - rb; }
        if (ra === null && rb !== null) { return 1; }
        if (ra !== null && rb === null) { return -1; }
        return a.index - b.index;
      });
    }
    function show(order) {
      order.forEach(function (entry) { list.insertBefore(entry.row, status); });
    }
    function announce(entry) {
      var rank = rankOf(entry);
      status.textContent = entry.name + (rank === null ? ": not ranked" : ": rank " + rank + " of " + count);
    }
    function move(entry, delta, button) {
      var order = ordered();
      var ranked = order.filter(function (e) { return rankOf(e) !== null; });
      var position = ranked.indexOf(entry);
      if (position === -1) {
        if (delta > 0) { status.textContent = entry.name + ": not ranked; use Move up to rank it"; return; }
        ranked.push(entry);  // joins the ranking after the ranked ones
      } else if (delta > 0 && position === ranked.length - 1) {
        ranked.pop();  // the last ranked one leaves the ranking
        entry.input.value = "";
      } else {
        var target = position + delta;
        if (target < 0) { announce(entry); return; }
        ranked.splice(position, 1);
        ranked.splice(target, 0, entry);
      }
      ranked.forEach(function (e, i) { e.input.value = String(i + 1); });
      show(ordered());
      entry.input.dispatchEvent(new Event("change", { bubbles: true }));
      button.focus();
      announce(entry);
    }

    // Drag and drop (a mouse or touch alternative to the buttons): dropping an activity on
    // another puts it at that one's place in the ranking.
    var dragged = null;
    function place(entry, onto) {
      var ranked = ordered().filter(function (e) { return rankOf(e) !== null && e !== entry; });
      var at = ranked.indexOf(onto);
      ranked.splice(at === -1 ? ranked.length : at, 0, entry);
      ranked.forEach(function (e, i) { e.input.value = String(i + 1); });
      show(ordered());
      entry.input.dispatchEvent(new Event("change", { bubbles: true }));
      announce(entry);
    }

    entries.forEach(function (entry) {
      entry.row.setAttribute("draggable", "true");
      entry.row.classList.add("rank-row");
      entry.row.addEventListener("dragstart", function (event) {
        dragged = entry;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", entry.name);
      });
      entry.row.addEventListener("dragover", function (event) {
        if (dragged) { event.preventDefault(); }
      });
      entry.row.addEventListener("drop", function (event) {
        event.preventDefault();
        if (dragged && dragged !== entry) { place(dragged, entry); }
        dragged = null;
      });
      entry.row.addEventListener("dragend", function () { dragged = null; });
      var tools = document.createElement("span");
      tools.className = "rank-moves";
      [["Move up", -1, "↑"], ["Move down", 1, "↓"]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-secondary rank-move";
        button.setAttribute("aria-label", spec[0] + ": " + entry.name);
        button.textContent = spec[2] + " " + spec[0];
        button.addEventListener("click", function () { move(entry, spec[1], button); });
        tools.appendChild(button);
      });
      entry.input.insertAdjacentElement("afterend", tools);
    });
    show(ordered());
  });
})();
