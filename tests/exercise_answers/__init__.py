"""A hidden set of answers written as learners write them, right and wrong, per lesson.

Each module has RIGHT (name -> sources that must pass) and WRONG (name -> (source, a
fragment the message must contain)). The first right answer of each exercise also
solves the lessons in the end-to-end test. Answers may use only what a lesson's setup
cell gives them: np, math, check/hint/solution/use, and the lesson's helpers.
"""

from . import lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07

MODULES = (lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07)
RIGHT = {name: sources for module in MODULES for name, sources in module.RIGHT.items()}
WRONG = {name: answers for module in MODULES for name, answers in module.WRONG.items()}
