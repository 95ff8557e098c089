// The catalog site's only script. Every page works without it; it adds:
// filters kept in the address (shareable), a live count, full-text search, and a
// language switcher that keeps the reader's section.
"use strict";

(function () {
  var root = new URL(".", document.currentScript ? document.currentScript.src : location.href);
  root = new URL("..", root); // the script lives in <site>/assets/

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? values[key] : "";
    });
  }

  // -- filters -------------------------------------------------------------------------------
  function setUpFilters() {
    var form = document.querySelector("[data-filters]");
    var list = document.querySelector("[data-publications]");
    if (!form || !list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".pub"));
    var status = document.querySelector("[data-filter-status]");
    var panel = document.querySelector("[data-filters-panel]");
    var names = ["type", "country", "topic", "year"];

    function selected() {
      var chosen = {};
      names.forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]:checked');
        if (input && input.value) chosen[name] = input.value;
      });
      return chosen;
    }

    function apply(updateAddress) {
      var chosen = selected();
      var shown = 0;
      items.forEach(function (item) {
        var match = Object.keys(chosen).every(function (name) {
          var values = (item.getAttribute("data-" + name) || "").split(/\s+/);
          return values.indexOf(chosen[name]) >= 0;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (status) {
        status.textContent = format(status.getAttribute("data-text"),
                                    {shown: shown, total: items.length});
      }
      if (updateAddress) {
        var params = new URLSearchParams(location.search);
        names.forEach(function (name) {
          if (chosen[name]) params.set(name, chosen[name]); else params.delete(name);
        });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
        keepQueryOnLanguageLinks();
      }
    }

    var params = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var value = params.get(name);
      if (!value) return;
      Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'),
        function (input) { if (input.value === value) input.checked = true; });
    });
    // folded on a phone, so that the first publication is in the first screen; open where
    // there is room beside the list, or when the address already chooses a filter
    if (panel && (window.matchMedia("(min-width: 48rem)").matches ||
                  Object.keys(selected()).length)) {
      panel.open = true;
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
    keepQueryOnLanguageLinks();
  }

  function keepQueryOnLanguageLinks() {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-query]"), function (a) {
      var target = new URL(a.getAttribute("href"), location.href);
      target.search = location.search;
      a.href = target.href;
    });
  }

  // -- search --------------------------------------------------------------------------------
  function setUpSearch() {
    var box = document.querySelector("[data-search]");
    if (!box) return;
    var form = box.querySelector("[data-search-form]");
    var input = box.querySelector("[data-search-input]");
    var status = box.querySelector("[data-search-status]");
    var results = box.querySelector("[data-search-results]");
    var engine = null;
    var counter = 0;
    box.hidden = false;

    function load() {
      if (!engine) {
        engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
          return pagefind.options({baseUrl: root.pathname}).then(function () { return pagefind; });
        });
      }
      return engine;
    }

    // pagefind's excerpt is HTML with <mark>; keep the text and the marks, nothing else
    function excerpt(html) {
      var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
      var p = document.createElement("p");
      Array.prototype.forEach.call(doc.body.firstChild.childNodes, function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(node.textContent));
        }
      });
      return p;
    }

    function run() {
      var query = input.value.trim();
      var mine = ++counter;
      results.textContent = "";
      if (!query) { status.textContent = ""; return; }
      load().then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (found) {
        if (mine !== counter) return;
        found.forEach(function (data) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = data.url;
          a.textContent = (data.meta && data.meta.title) || data.url;
          li.appendChild(a);
          li.appendChild(excerpt(data.excerpt || ""));
          results.appendChild(li);
        });
        status.textContent = found.length
          ? format(status.getAttribute("data-text-count"), {count: found.length})
          : status.getAttribute("data-text-none");
      }).catch(function () {
        if (mine === counter) status.textContent = status.getAttribute("data-text-offline");
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    // Enter runs the search at once; the one the typing scheduled would clear its results
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
  }

  // -- the language switcher keeps the section -------------------------------------------------
  // The section being read is the last one whose top has passed below the (sticky) masthead.
  // The last one seen is remembered, so scrolling back up to the switcher does not lose it.
  var lastSeen = null;

  function readingSection() {
    var header = document.querySelector(".masthead");
    var line = (header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0) + 60;
    var current = null;
    Array.prototype.forEach.call(document.querySelectorAll(".body section[id]"), function (s) {
      if (s.getBoundingClientRect().top <= line) current = s;
    });
    return current;
  }

  function setUpSwitcher() {
    var links = document.querySelectorAll("a[data-sections]");
    if (!links.length) return;
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      lastSeen = target && target.closest ? target.closest("section[id]") : null;
    }
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        var s = readingSection();
        if (s) lastSeen = s;
      });
    }, {passive: true});
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function () {
        var available = (a.getAttribute("data-sections") || "").split(/\s+/);
        var section = readingSection() || lastSeen;
        while (section && available.indexOf(section.id) < 0) {
          section = section.parentElement ? section.parentElement.closest("section[id]") : null;
        }
        var target = new URL(a.getAttribute("href"), location.href);
        target.hash = section ? section.id : "";
        a.href = target.href;
      });
    });
  }

  function start() {
    setUpFilters();
    setUpSearch();
    setUpSwitcher();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
