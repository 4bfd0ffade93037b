// Math on every page, offline: MathJax 3 with SVG output (no web fonts to fetch),
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
  };
  var script = document.createElement("script");
  script.src = document.currentScript.src.replace(/mathjax-course\.js.*$/, "mathjax/tex-svg.js");
  script.async = true;
  document.head.appendChild(script);
})();
