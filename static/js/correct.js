// Choosing a claim's span by selecting its words: a selection inside the
// .span-picker text fills the correction form's start and end (offsets into the
// article's body, counted in code points as the server counts them).
(function () {
  "use strict";

  function length(text) { return Array.from(text).length; }

  function offsetIn(picker, node, offset) {
    var range = document.createRange();
    range.setStart(picker, 0);
    range.setEnd(node, offset);
    return length(range.toString());
  }

  function choose(picker, form) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!picker.contains(range.startContainer) || !picker.contains(range.endContainer)) {
      return;
    }
    var text = range.toString();
    var lead = length(text) - length(text.replace(/^\s+/, ""));
    var trimmed = text.trim();
    if (!trimmed) return;
    var base = Number(picker.dataset.offset);
    var start = base + offsetIn(picker, range.startContainer, range.startOffset) + lead;
    var end = start + length(trimmed);
    form.querySelector("input[name=start]").value = start;
    form.querySelector("input[name=end]").value = end;
    form.querySelector(".span-text").textContent = trimmed;
    form.querySelector(".span-bounds").textContent = start + "–" + end;
  }

  document.querySelectorAll(".span-picker").forEach(function (picker) {
    var form = picker.closest("form");
    picker.addEventListener("mouseup", function () { choose(picker, form); });
    picker.addEventListener("keyup", function () { choose(picker, form); });
    picker.tabIndex = 0;
  });
})();
