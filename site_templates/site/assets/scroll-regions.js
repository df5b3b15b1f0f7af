/* handbook: a region that scrolls sideways (a wide table, a large diagram) can be reached and
   scrolled with the keyboard: it gets tabindex=0 and a name for screen readers
   (role=region, aria-label from its table caption, the page heading before it or the page
   title). Runs on every page load, after Material's instant navigation and on resizing. */
(function () {
  "use strict";

  var SELECTOR = ".md-typeset__scrollwrap, .md-typeset .hb-scroll, .md-typeset .hb-diagram";

  function label(region) {
    var named = region.querySelector("caption, [aria-label]");
    if (named) return named.getAttribute("aria-label") || named.textContent.trim();
    var node = region;
    while (node) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) return previous.textContent.trim();
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
      if (node && node.classList.contains("md-typeset")) break;
    }
    return document.title;
  }

  function mark(root) {
    Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), function (region) {
      // Only a region that scrolls needs a tab stop.
      if (region.hasAttribute("data-hb-scroll") || region.scrollWidth <= region.clientWidth) return;
      region.setAttribute("data-hb-scroll", "");
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", label(region));
    });
  }

  window.addEventListener("resize", function () { mark(document); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { mark(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document); });
  } else {
    mark(document);
  }
})();
