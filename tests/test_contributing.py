"""The contributing page's tree of the library stays in step with the package."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "contributing.md"
PACKAGE = ROOT / "mnist_course"
# Lines that stand for a family of files rather than name one
FAMILIES = {
    "exercises/lesson_NN.py": re.compile(r"exercises/lesson_0\d\.py"),
    "exercises/solutions/lesson_NN.py": re.compile(r"exercises/solutions/lesson_0\d\.py"),
}


def tree_block() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## The house, room by room", 1)[1]
    return section.split("```", 2)[1].splitlines()


def listed_modules() -> set[str]:
    """Module paths the page names, relative to mnist_course/, from the tree's indentation."""
    folders: list[str] = []
    listed = set()
    for line in tree_block():
        if not line.strip() or not line.startswith("  "):
            continue  # the top line, and lessons/, tests/, docs/ beside the package
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        del folders[depth:]
        first = line.split()[0]
        if first.endswith("/"):
            folders.append(first[:-1])
            continue
        prefix = "/".join(folders)
        if "lesson_01.py ... lesson_08.py" in line:
            listed.add(f"{prefix}/lesson_NN.py")
            continue
        for name in re.findall(r"(?<![\w.])([\w/]+\.py)(?![\w])", line):
            listed.add(f"{prefix}/{name}".lstrip("/"))
    return listed


def package_modules() -> set[str]:
    modules = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py" or "__pycache__" in relative:
            continue
        for family, pattern in FAMILIES.items():
            if pattern.fullmatch(relative):
                relative = family
        modules.add(relative)
    return modules


def test_every_module_of_the_package_has_a_line_and_every_line_a_module():
    listed, present = listed_modules(), package_modules()
    assert not present - listed, f"modules missing from docs/contributing.md: {present - listed}"
    assert not listed - present, f"docs/contributing.md lists what is gone: {listed - present}"
