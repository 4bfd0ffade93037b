// The lesson pages (notebooks rendered by mkdocs-jupyter), readable on any screen and by
// keyboard:
// - a code line too long for the column wraps with a hanging indent: its continuation
//   starts 4 columns right of the line's own indentation, so Python's structure stays
//   visible (Chromium has no `text-indent: hanging each-line`);
// - on a phone a figure is shown at the column's width, and a tap shows it at full size,
//   scrolling sideways inside its output;
// - cell wrappers and output areas are not tab stops (nbconvert gives each tabindex=0):
//   only what does something is, and accessibility.js gives one back to any block that
//   scrolls sideways.
"use strict";
(function () {
  const PHONE = window.matchMedia("(max-width: 44.984375em)");
  const HANG = 4; // columns a continuation starts right of its line's indentation

  // Split a highlighted <pre> (Pygments: flat spans and text) into one box per line. The
  // newlines stay as text between the boxes (inline blocks a column wide), so the text is
  // unchanged and a selection copies each line once (inside block boxes, a copy doubles
  // every line break).
  function hangLines(pre) {
    const lines = [[]];
    for (const node of Array.from(pre.childNodes)) {
      node.textContent.split("\n").forEach((part, index) => {
        if (index > 0) lines.push([]);
        if (part === "") return;
        const piece =
          node.nodeType === Node.TEXT_NODE ? document.createTextNode("") : node.cloneNode(false);
        piece.textContent = part;
        lines[lines.length - 1].push(piece);
        // Code breaks only at spaces; a long call may also break after an opening bracket
        // (not after a dot: `config.` and `SEED` on two rows read worse than a cut name).
        if (node.className === "p" && /[([{]$/.test(part)) {
          lines[lines.length - 1].push(document.createElement("wbr"));
        }
      });
    }
    const children = [];
    lines.forEach((pieces, index) => {
      if (index > 0) children.push("\n");
      if (pieces.length === 0) return; // an empty line (or the text's final newline)
      const line = document.createElement("span");
      line.className = "mc-line";
      const text = pieces.map((piece) => piece.textContent).join("");
      const indent = text.match(/^ */)[0].length;
      line.append(...(indent > 0 && indent < text.length ? joinIndent(pieces, indent) : pieces));
      line.style.setProperty("--mc-hang", `${indent + HANG}ch`);
      children.push(line);
    });
    pre.replaceChildren(...children);
    pre.classList.add("mc-hanging");
  }

  // A line's indentation and its first character in one unbreakable box: else a line
  // whose first word is too long for the row breaks right after its indentation and
  // leaves the row blank.
  function joinIndent(pieces, indent) {
    const lead = document.createElement("span");
    lead.className = "mc-lead";
    let needed = indent + 1;
    while (needed > 0 && pieces.length > 0) {
      const piece = pieces[0];
      const text = piece.textContent;
      if (text.length <= needed) {
        lead.append(pieces.shift());
        needed -= text.length;
      } else {
        const head = piece.cloneNode(false);
        head.textContent = text.slice(0, needed);
        piece.textContent = text.slice(needed);
        lead.append(head);
        needed = 0;
      }
    }
    return [lead, ...pieces];
  }

  // On a phone: a figure drawn wider than its column opens at full size on a tap.
  function zoomable(image) {
    if (image.closest(".mc-figure")) return;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "mc-figure";
    toggle.title = "Show this figure at full size (tap again to fit it to the page)";
    toggle.setAttribute("aria-pressed", "false");
    image.replaceWith(toggle);
    toggle.append(image);
    toggle.addEventListener("click", () => {
      const full = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(full));
    });
  }

  function figures() {
    if (!PHONE.matches) return;
    for (const image of document.querySelectorAll(".jupyter-wrapper .jp-OutputArea-output img")) {
      const check = () => {
        if (image.naturalWidth > image.clientWidth * 1.25) zoomable(image);
      };
      image.complete ? check() : image.addEventListener("load", check, { once: true });
    }
  }

  function begin() {
    const wrapper = document.querySelector(".jupyter-wrapper");
    if (!wrapper) return;
    wrapper
      .querySelectorAll(".highlight-ipynb pre, .jp-RenderedMarkdown .highlight pre")
      .forEach(hangLines);
    wrapper
      .querySelectorAll(".jp-Cell-inputWrapper[tabindex], .jp-OutputArea-output[tabindex]")
      .forEach((element) => element.removeAttribute("tabindex"));
    figures();
    PHONE.addEventListener("change", figures);
    window.dispatchEvent(new Event("mc-layout")); // accessibility.js looks for scrolling blocks
  }

  document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", begin)
    : begin();
})();
