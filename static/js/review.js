// Keyboard shortcuts of the review queue: a approves, r rejects, e opens the
// correction form, s skips, b goes back, u undoes the last decision. The forms
// and links work without this file; it only submits or follows them.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" ||
      target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key.toLowerCase();
    var target = document.querySelector('[data-shortcut="' + key + '"]');
    if (!target) return;
    event.preventDefault();
    if (target.tagName.toLowerCase() === "form") {
      if (target.requestSubmit) target.requestSubmit(); else target.submit();
    } else if (target.tagName.toLowerCase() === "a") {
      window.location.assign(target.href);
    } else if (target.tagName.toLowerCase() === "details") {
      target.open = true;
      var field = target.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
    }
  });
})();
