/* A background task's status page (jobs/templates/jobs/status.html): while the task runs,
 * ask for its progress every two seconds and show it; the polite live region says only
 * when the step or status changes, not every number. When the task ends, the page reloads
 * to show the result or the reason it failed. Without JavaScript the page has a refresh link.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-task-poll]");
  if (!box) return;
  var url = box.getAttribute("data-task-poll");
  var bar = box.querySelector("progress");
  var count = box.querySelector("[data-task-count]");
  var message = box.querySelector("[data-task-message]");
  var said = message.textContent;

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    var text = data.percent + "%";
    if (data.total) {
      text += " (" + data.done.toLocaleString("en-US") + " of " + data.total.toLocaleString("en-US") + ")";
    }
    count.textContent = text;
    var line = data.status_label + (data.message && !data.finished ? ": " + data.message : "");
    if (line !== said) {
      said = line;
      var strong = document.createElement("strong");
      strong.textContent = data.status_label;
      message.replaceChildren(strong, document.createTextNode(data.message && !data.finished ? ": " + data.message : ""));
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        show(data);
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
