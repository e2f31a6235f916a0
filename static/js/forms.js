/* Shared form patterns (no inline scripts: the CSP forbids them).
 * 1. The error summary takes focus when a failed form comes back, and its links move focus
 *    to the field (with its label in view).
 * 2. Forms marked data-confirm="question" ask in a native <dialog> before they are sent;
 *    confirming sends the form with confirmed=1. Without JavaScript the server shows the
 *    confirmation page (templates/components/confirm.html) instead.
 *    Optional: data-confirm-body, data-confirm-label, data-confirm-danger. The attributes may
 *    sit on a submit button instead, when only that button's action needs confirming.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-error-link]");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector('label[for="' + field.id + '"]');
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  }

  var dialog = null;

  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-body");
    dialog.innerHTML =
      '<h2 class="h4" id="confirm-dialog-title"></h2>' +
      '<p id="confirm-dialog-body"></p>' +
      '<div class="button-group">' +
      '<button type="button" class="btn" data-confirm-yes></button>' +
      '<button type="button" class="btn btn-outline-primary" data-confirm-no>Cancel</button>' +
      "</div>";
    document.body.appendChild(dialog);
    dialog.querySelector("[data-confirm-no]").addEventListener("click", function () {
      dialog.close();
    });
    return dialog;
  }

  function ask(form, submitter, source) {
    var d = dialog || buildDialog();
    var data = source.dataset;
    d.querySelector("#confirm-dialog-title").textContent = data.confirm;
    var body = d.querySelector("#confirm-dialog-body");
    body.textContent = data.confirmBody || "";
    body.hidden = !data.confirmBody;
    var yes = d.querySelector("[data-confirm-yes]");
    yes.textContent = data.confirmLabel || (submitter && submitter.textContent.trim()) || "Confirm";
    yes.className = "btn " + (data.confirmDanger !== undefined ? "btn-danger" : "btn-primary");
    yes.onclick = function () {
      d.close();
      var flag = form.querySelector('input[name="confirmed"]');
      if (!flag) {
        flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "confirmed";
        form.appendChild(flag);
      }
      flag.value = "1";
      form.dataset.confirmed = "1";
      if (submitter && submitter.form === form) {
        form.requestSubmit(submitter);
      } else {
        form.requestSubmit();
      }
    };
    d.showModal();
    yes.focus();
  }

  function watchConfirmForms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var source = submitter && submitter.dataset.confirm ? submitter : form;
      if (!source.dataset.confirm || form.dataset.confirmed === "1") return;
      if (typeof HTMLDialogElement !== "function") return; // server confirm page instead
      event.preventDefault();
      ask(form, submitter, source);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    watchConfirmForms();
  });
})();
