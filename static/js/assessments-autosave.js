// Saves the current section as a draft when the page is hidden or left (tab switch,
// closing, navigating away), so nothing typed is lost. The server answers 204 when saved,
// and 503 when it could not reach its database: then the page says so and tries again.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form || !window.fetch) { return; }
  var RETRY_SECONDS = 30;
  var dirty = false;
  var submitting = false;
  var retry = null;
  // Present from the start, so that screen readers announce the text put in it later.
  var status = document.createElement("div");
  status.className = "alert alert-warning";
  status.id = "autosave-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.hidden = true;
  form.parentNode.insertBefore(status, form);
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });

  function show(text) {
    status.textContent = text;
    status.hidden = false;
  }

  function failed() {
    dirty = true;
    show("Not saved: the connection to the server failed. Your answers are still on this " +
         "page; we will try again in " + RETRY_SECONDS + " seconds.");
    if (retry === null) {
      retry = window.setTimeout(function () { retry = null; save(); }, RETRY_SECONDS * 1000);
    }
  }

  function save() {
    if (!dirty || submitting) { return; }
    dirty = false;
    var data = new FormData(form);
    data.set("action", "save");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: true,
      headers: {
        "X-Autosave": "1",
        "X-CSRFToken": token ? token.value : "",
        "Accept": "application/json"
      }
    }).then(function (answer) {
      if (answer.status >= 500) {
        failed();
      } else if (answer.ok && !status.hidden) {
        show("Saved: your answers reached the server.");
      }
    }, failed);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(); }
  });
  window.addEventListener("pagehide", save);
})();
