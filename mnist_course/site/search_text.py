"""Search snippets as a reader reads them: no pilcrows, and math as plain text, not TeX.

The search index (``search/search_index.json``) holds each section's text as the page
has it before MathJax runs: ``$\\frac{\\partial L}{\\partial w}$``, ``\\( 784 \\to 32 \\)``,
and the ``¶`` of every notebook heading's anchor link. ``plain_text`` turns math outside
code into Unicode text (``∂L/∂w``, ``784 → 32``) and drops the pilcrows; code is left as is.
"""

from __future__ import annotations

import re

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "lambda": "λ", "mu": "μ", "sigma": "σ", "theta": "θ", "ell": "ℓ",
    "partial": "∂", "nabla": "∇", "sum": "Σ", "int": "∫", "infty": "∞", "cdot": "·",
    "times": "×", "to": "→", "rightarrow": "→", "leftarrow": "←", "approx": "≈",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "pm": "±",
    "gg": "≫", "ll": "≪", "propto": "∝", "in": "∈", "dots": "…", "ldots": "…",
    "cdots": "…", "top": "ᵀ", "Rightarrow": "⇒", "Longrightarrow": "⇒", "lVert": "‖",
    "rVert": "‖", "max": "max", "min": "min", "log": "log", "ln": "ln", "exp": "exp",
}  # fmt: skip
RELATIONS = {"to", "rightarrow", "leftarrow", "Rightarrow", "Longrightarrow", "approx", "le",
    "leq", "ge", "geq", "ne", "neq", "gg", "ll", "propto", "in", "cdot", "times"}  # fmt: skip
SPACES = {",", ";", ":", "!", " ", "quad", "qquad"}
KEEP_ARGUMENT = {"mathrm", "text", "mathbf", "mathit", "operatorname", "textrm", "boldsymbol"}
DROP = {"big", "Big", "bigg", "Bigg", "left", "right", "displaystyle"}
FRACTIONS = {"frac", "tfrac", "dfrac"}
MATH = re.compile(
    r"\$\$(.+?)\$\$"  # display math
    r"|\\\((.+?)\\\)|\\\[(.+?)\\\]"  # arithmatex's inline and display delimiters
    r"|(?<![\w$])\$(?=\S)([^$]+?)(?<=\S)\$(?![\w$])",  # inline math, as pandoc reads it
    re.DOTALL,
)
CODE = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.DOTALL)


def plain_text(text: str) -> str:
    """``text`` with the math outside ``<code>``/``<pre>`` as Unicode and no ``¶``."""
    parts = CODE.split(text.replace("¶", ""))
    for index in range(0, len(parts), 2):  # the even parts are outside code
        parts[index] = MATH.sub(
            lambda m: tex_to_text(next(g for g in m.groups() if g)), parts[index]
        )
    return "".join(parts)


def tex_to_text(tex: str) -> str:
    """A formula in TeX as plain text: symbols as Unicode, fractions with a slash."""
    return re.sub(r"\s+", " ", _Reader(tex).read_all()).strip()


class _Reader:
    """Reads TeX left to right, one token (a group, a command, a character) at a time."""

    def __init__(self, tex: str):
        self.tex, self.at = tex, 0

    def read_all(self, closing: str = "") -> str:
        out = []
        while self.at < len(self.tex) and self.tex[self.at] != closing:
            out.append(self.token())
        self.at += 1  # past the closing brace
        return "".join(out)

    def token(self) -> str:
        char = self.tex[self.at]
        self.at += 1
        if char == "{":
            return self.read_all("}")
        if char in "_^":
            argument = self.argument()
            if argument == "ᵀ":
                return argument
            return char + (argument if len(argument) <= 1 else f"({argument})")
        if char != "\\":
            return char
        name = re.match(r"[A-Za-z]+|.?", self.tex[self.at :], re.DOTALL).group(0)
        self.at += len(name)
        rest = self.tex[self.at :].lstrip(" ")
        if (name.isalpha() and rest[:1].isalnum()) or rest[:1] == "\\":
            self.at = len(self.tex) - len(rest)  # "\\partial L" reads ∂L, "\\eta = 1" η = 1
        return self.command(name)

    def argument(self) -> str:
        while self.at < len(self.tex) and self.tex[self.at] == " ":
            self.at += 1
        return self.token() if self.at < len(self.tex) else ""

    def command(self, name: str) -> str:
        if name in SPACES:
            return " "
        if name in FRACTIONS:
            top, bottom = self.argument(), self.argument()
            return f"{_grouped(top)}/{_grouped(bottom)}"
        if name == "sqrt":
            return f"√{_grouped(self.argument())}"
        if name == "hat":
            return self.argument() + "\u0302"
        if name in KEEP_ARGUMENT:
            return self.argument()
        if name in DROP:
            return ""
        if name in RELATIONS:
            return f" {SYMBOLS[name]} "
        if name in SYMBOLS:
            word = len(SYMBOLS[name]) > 1 and self.tex[self.at : self.at + 1] not in ("(", "_", "^")
            return SYMBOLS[name] + (" " if word else "")  # "ln 10", "max(z, 0)"
        return name  # an escaped character (\{, \%) or a command we do not know


def _grouped(text: str) -> str:
    """``text`` in parentheses when it is more than one term."""
    text = text.strip()
    return text if re.fullmatch(r"[\w.∂′']+", text) else f"({text})"
