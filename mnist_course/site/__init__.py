"""The course site: built on the build machine, partly run in the reader's browser.

Each module's name says which side of the wire it runs on:

- ``build_*`` run on the build machine (``mnist-course site``): ``build_site`` puts the
  site together, ``build_figures`` trains and draws its figures, ``build_lessons`` runs
  the lessons, ``build_page_data`` writes what the exercise editors start from, and
  ``build_runtime`` provides Pyodide (checked against ``build_pyodide_digests``) and the
  course's wheel.
- ``in_browser`` runs inside Pyodide, in the page's Web Worker: it checks the learner's
  code and returns a verdict record to the page.

This file imports nothing, so that ``in_browser`` loads in Pyodide with NumPy alone.
"""
