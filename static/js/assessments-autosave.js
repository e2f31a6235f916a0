// Saves the current section as a draft when the page is hidden or left (tab switch,
// closing, navigating away), so nothing typed is lost. The server answers 204 when saved.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form || !window.fetch) { return; }
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });

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
      headers: { "X-Autosave": "1", "X-CSRFToken": token ? token.value : "" }
    }).catch(function () { dirty = true; });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(); }
  });
  window.addEventListener("pagehide", save);
})();
