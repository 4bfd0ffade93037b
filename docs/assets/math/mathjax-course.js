// Math on the pages that have it, offline: MathJax 3 with SVG output (no web fonts to fetch),
// served from this site (copied from the django-static-mathjax package at build time).
// Lesson pages load this script twice (their own MathJax slot and the site's), hence
// the guard. Markdown pages write \( \) and \[ \]; lessons write $ and $$.
(function () {
  if (window.courseMathJaxLoaded) return;
  window.courseMathJaxLoaded = true;
  window.MathJax = {
    tex: {
      inlineMath: [
        ["$", "$"],
        ["\\(", "\\)"],
      ],
      displayMath: [
        ["$$", "$$"],
        ["\\[", "\\]"],
      ],
      processEscapes: true,
    },
    svg: { fontCache: "global" },
    options: { enableMenu: false },
    startup: {
      // Typeset formulas change the layout: accessibility.js looks again for wide ones.
      pageReady: function () {
        return window.MathJax.startup.defaultPageReady().then(function () {
          window.dispatchEvent(new Event("mc-layout"));
        });
      },
    },
  };
  var source = document.currentScript.src.replace(/mathjax-course\.js.*$/, "mathjax/tex-svg.js");
  // MathJax is 2 MB: only a page with math loads it (arithmatex marks markdown pages' math;
  // a lesson's markdown cells keep their $ and \( delimiters as text).
  function hasMath() {
    if (document.querySelector(".arithmatex")) return true;
    return Array.from(document.querySelectorAll(".jp-RenderedMarkdown")).some(function (cell) {
      return /\$|\\\(|\\\[/.test(cell.textContent);
    });
  }
  function load() {
    if (!hasMath()) return;
    var script = document.createElement("script");
    script.src = source;
    script.async = true;
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
