(function () {
  var links = document.querySelectorAll("a[data-switch]");
  function place(id) {
    for (var i = 0; i < links.length; i++) {
      var base = links[i].getAttribute("data-switch");
      links[i].setAttribute("href", id ? base + "#" + id : base);
    }
  }
  function inView() {
    var found = "";
    var sections = document.querySelectorAll("main section[id]");
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top <= 80) { found = sections[i].id; }
    }
    return found;
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; place(inView()); });
  }, {passive: true});
  window.addEventListener("hashchange", function () { place(location.hash.slice(1)); });
  document.addEventListener("DOMContentLoaded", function () {
    place(location.hash.slice(1) || inView());
  });
})();
