// A code block that scrolls sideways must be reachable by the keyboard (WCAG 2.1.1): give
// each scrollable <pre> a place in the tab order and a name for screen readers.
"use strict";
(function () {
  function mark() {
    for (const block of document.querySelectorAll("pre")) {
      if (block.scrollWidth > block.clientWidth && !block.hasAttribute("tabindex")) {
        block.tabIndex = 0;
        block.setAttribute("role", "region");
        block.setAttribute("aria-label", "code (scrolls sideways)");
      }
    }
  }
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", mark) : mark();
  window.addEventListener("resize", mark);
})();
