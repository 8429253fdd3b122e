// Suggestions as you type for fields marked data-suggest="speakers" or "outlets":
// a <datalist> filled from /suggest/<kind>/?q=. With data-many, the field holds a
// comma-separated list and only its last name is looked up. Without this file the
// fields still take names typed in full.
(function () {
  "use strict";

  var DELAY_MS = 150;

  function split(value, many) {
    if (!many) return { head: "", term: value.trim() };
    var cut = value.lastIndexOf(",");
    return {
      head: cut === -1 ? "" : value.slice(0, cut + 1).replace(/\s*$/, " "),
      term: value.slice(cut + 1).trim()
    };
  }

  function attach(input, index) {
    var list = document.createElement("datalist");
    list.id = "suggest-" + input.dataset.suggest + "-" + index;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var many = input.dataset.many === "1";
    var timer = null;
    var asked = "";

    function fill(head, results) {
      list.replaceChildren();
      results.forEach(function (item) {
        var option = document.createElement("option");
        option.value = head + item.name;
        option.label = item.detail ? item.name + " · " + item.detail : item.name;
        list.appendChild(option);
      });
    }

    function ask() {
      var parts = split(input.value, many);
      if (parts.term.length < 2 || parts.term === asked) return;
      asked = parts.term;
      var url = "/suggest/" + input.dataset.suggest + "/?q=" +
        encodeURIComponent(parts.term);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && asked === parts.term) fill(parts.head, data.results);
        })
        .catch(function () { /* suggestions are a convenience */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
