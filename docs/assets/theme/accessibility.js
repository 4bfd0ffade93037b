// A block that scrolls sideways must be reachable by the keyboard (WCAG 2.1.1): give each
// scrollable code block, notebook output or display formula with nothing focusable inside
// a place in the tab order and a name for screen readers. Checked again when the layout
// changes: a resize, notebook.js's changes, MathJax's typesetting ("mc-layout").
"use strict";
(function () {
  const BLOCKS = [
    ["pre", "code (scrolls sideways)"],
    [".jp-OutputArea-output", "output (scrolls sideways)"],
    ['mjx-container[display="true"]', "formula (scrolls sideways)"],
  ];
  const FOCUSABLE = "a[href], button, input, textarea, select, [tabindex]";

  function mark() {
    for (const [selector, name] of BLOCKS) {
      for (const block of document.querySelectorAll(selector)) {
        if (block.hasAttribute("tabindex") || block.scrollWidth <= block.clientWidth + 1) continue;
        if (block.querySelector(FOCUSABLE)) continue; // reachable through what it holds
        block.tabIndex = 0;
        block.setAttribute("role", "region");
        block.setAttribute("aria-label", name);
      }
    }
  }
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", mark) : mark();
  window.addEventListener("resize", mark);
  window.addEventListener("mc-layout", mark);
})();
