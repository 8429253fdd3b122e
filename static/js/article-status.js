// Polls the article's parse status while the worker runs and reloads the page
// when the claims are ready (or the parse failed). Without JavaScript, a
// <noscript> meta refresh does the same.
(function () {
  "use strict";
  var box = document.getElementById("parse-status");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var current = box.getAttribute("data-status");
  var label = box.querySelector(".status-label");
  var names = { pending: "Pending", parsing: "Parsing", parsed: "Parsed", failed: "Failed" };

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return schedule();
        if (data.status === "parsed" || data.status === "failed") {
          window.location.reload();
          return;
        }
        if (data.status !== current) {
          current = data.status;
          box.className = "parse-status status-" + current;
          if (label) label.textContent = names[current] || current;
        }
        schedule();
      })
      .catch(schedule);
  }

  function schedule() { window.setTimeout(poll, 2000); }
  schedule();
})();
