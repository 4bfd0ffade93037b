// The exercise editors: write an exercise's function in the lesson page, run it and check it
// with the course's own check(), in Python compiled to WebAssembly (Pyodide), offline.
// Contract (tests and embedders): each editor's container has data-exercise="NAME", and
// window.mnistCourse.check(name, code) returns a Promise of the verdict record
// { name, passed, todo, status, summary, message } (Result.as_dict() in Python; todo: not
// written yet; message: the text check() prints).
// Everything else comes from Python through the page data (generated/exercises-data.js,
// written by mnist_course/site/build_page_data.py): where each editor goes, its stub and
// hint levels, the time limits, and whether this build serves Python at all.
"use strict";

(function () {
  const ASSETS = new URL(".", document.currentScript.src).href;
  const DATA = window.mnistCourseData || { exercises: {}, runtime: { available: false } };
  // The time limits come from Python (config.EXERCISE_TIMEOUT_SECONDS): Python in the page
  // cannot stop one call, so a whole check gets limits.checkSeconds, then the worker ends.
  const LIMITS = DATA.limits;
  const KEY = "mnist-course:";
  const python = window.mnistCourseWorker(ASSETS + "exercises-worker.js");

  const store = {
    get: (kind, name) => {
      try {
        return localStorage.getItem(KEY + kind + ":" + name);
      } catch (e) {
        return null;
      }
    },
    set: (kind, name, value) => {
      try {
        localStorage.setItem(KEY + kind + ":" + name, value);
      } catch (e) {
        /* private mode */
      }
    },
    drop: (kind, name) => {
      try {
        localStorage.removeItem(KEY + kind + ":" + name);
      } catch (e) {
        /* private mode */
      }
    },
  };

  // What a first start fetches, stage by stage (page data: "download"), said as it goes,
  // with the seconds so far, so that a reader on a slow line sees it moving.
  const MB = (bytes) => (bytes / 1e6).toFixed(1) + " MB";
  function startText(stage, seconds) {
    const stages = DATA.download || [];
    if (!stages.length) return "Starting Python in this page (the first time takes a few seconds)…";
    const total = stages.reduce((sum, s) => sum + s.bytes, 0);
    const before = stages.slice(0, stage).reduce((sum, s) => sum + s.bytes, 0);
    const now = stages[Math.min(stage, stages.length - 1)];
    return (
      `Starting Python in this page: ${MB(total)} to load the first time (then cached). ` +
      `Step ${Math.min(stage, stages.length - 1) + 1} of ${stages.length}: ${now.stage} ` +
      `(${MB(now.bytes)}; ${MB(before)} of ${MB(total)} loaded) … ${seconds} s`
    );
  }

  function startPython(onStatus) {
    if (python.started()) return python.start(); // under way, or done
    let stage = 0;
    const began = Date.now();
    const say = () => onStatus(startText(stage, Math.round((Date.now() - began) / 1000)));
    say();
    let ready;
    try {
      ready = python.start({ assets: ASSETS, wheels: DATA.wheels }, LIMITS.startSeconds, (data) => {
        if (data.stage === undefined) return;
        stage = data.stage;
        say();
      });
    } catch (error) {
      return Promise.reject(
        new Error(
          "this browser cannot start Python here (opened from disk? serve the site: python -m http.server)",
        ),
      );
    }
    const ticking = setInterval(say, 1000);
    ready.finally(() => clearInterval(ticking)).catch(() => {}); // its failure is told below
    return ready;
  }

  async function run(kind, args, onStatus = () => {}) {
    if (!DATA.runtime.available) throw new Error(DATA.runtime.instead || "no page data");
    await startPython(onStatus);
    onStatus(kind === "check" ? "Checking…" : "…");
    const hung = `stopped after ${LIMITS.checkSeconds} s: the code did not finish (an endless loop?). Python restarts on the next run.`;
    return python.ask(kind, args, LIMITS.checkSeconds, hung);
  }

  async function check(name, code, onStatus) {
    const exercise = DATA.exercises[name];
    if (!exercise) throw new Error(`no exercise called ${name}`);
    const verdict = await run("check", [name, code, DATA.setups[exercise.lesson] || ""], onStatus);
    store.set("attempted", name, "1");
    if (verdict.passed) store.set("passed", name, "1");
    return verdict;
  }

  window.mnistCourse = {
    check,
    hint: (name, level) => run("hint", level ? [name, level] : [name]),
    solution: (name) => run("solution", [name]),
    passed: (name) => store.get("passed", name) === "1",
    stop,
  };

  function button(label, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "md-button mc-button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function editorFor(name) {
    const exercise = DATA.exercises[name];
    const box = document.createElement("section");
    box.className = "mc-exercise";
    box.dataset.exercise = name;
    box.id = exercise.anchor; // the Exercises page links here
    box.setAttribute("aria-label", `Try ${name} in this page`);
    const label = document.createElement("label");
    label.htmlFor = "mc-editor-" + name;
    label.textContent = `Try ${name} here (Python runs in this page; Ctrl+Enter or ⌘+Enter runs the check; Tab indents, Esc then Tab leaves the editor)`;
    const editor = document.createElement("textarea");
    editor.id = "mc-editor-" + name;
    editor.className = "mc-editor";
    editor.spellcheck = false;
    editor.value = store.get("code", name) || exercise.stub;
    editor.rows = Math.max(6, editor.value.split("\n").length + 2);
    let leaving = false;
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        leaving = true;
        return;
      }
      if (event.key === "Tab" && !event.shiftKey && !leaving) {
        event.preventDefault();
        editor.setRangeText("    ", editor.selectionStart, editor.selectionEnd, "end");
        store.set("code", name, editor.value);
      }
      if (event.key !== "Shift") leaving = false;
    });
    // The editor grows to show every line of its code (on a phone the stub's `raise` line
    // would otherwise sit below the fold), with room for its borders and a sideways scrollbar.
    const fit = () => {
      editor.style.height = "auto";
      editor.style.height = `${editor.scrollHeight + editor.offsetHeight - editor.clientHeight}px`;
    };
    editor.addEventListener("input", () => {
      store.set("code", name, editor.value);
      fit();
    });
    window.addEventListener("resize", fit);
    requestAnimationFrame(fit); // once the box is on the page and has its width
    const output = document.createElement("pre");
    output.className = "mc-output";
    output.setAttribute("role", "status");
    output.setAttribute("aria-live", "polite");
    output.tabIndex = 0;
    output.textContent =
      store.get("passed", name) === "1" ? `✓ ${name}: passed before in this browser` : "";
    const show = (text) => {
      output.textContent = text;
    };
    const guarded = (action) => async () => {
      try {
        show(await action());
      } catch (error) {
        show("Could not run: " + error.message);
      }
    };
    let hintLevel = 0;
    const buttons = document.createElement("div");
    buttons.className = "mc-buttons";
    buttons.append(
      button(
        "Run and check",
        guarded(async () => {
          const verdict = await check(name, editor.value, show);
          markRecorded(name, verdict.summary);
          return verdict.message;
        }),
      ),
      button(
        "Hint",
        guarded(() => {
          hintLevel = Math.min(hintLevel + 1, DATA.hintLevels);
          return run("hint", [name, hintLevel], show);
        }),
      ),
      button(
        "Solution",
        guarded(() => {
          if (store.get("attempted", name) !== "1") {
            return Promise.resolve(
              "The solution opens after your first check of this exercise: try it first, then ask for a hint.",
            );
          }
          return run("solution", [name], show);
        }),
      ),
      button("Reset to the stub", () => {
        editor.value = exercise.stub;
        fit();
        store.drop("code", name);
        show("The editor holds the stub again.");
      }),
    );
    const note = document.createElement("p");
    note.className = "mc-note";
    note.textContent =
      "Python starts on your first click and runs in the background: a check still running " +
      `after ${LIMITS.checkSeconds} s is stopped, and Python restarts on the next run. The ` +
      "solution opens after your first check. Your code and passed exercises stay in this " +
      "browser; the site must be served (opened from disk, the editors cannot start Python).";
    if (!DATA.runtime.available) {
      // This build has no in-page Python: the editor keeps the learner's code, and says why
      // nothing runs here and what to do instead.
      label.textContent = `Write ${name} here (Tab indents, Esc then Tab leaves the editor)`;
      buttons.replaceChildren(buttons.lastChild); // "Reset to the stub"
      note.textContent = DATA.runtime.instead;
      output.textContent = DATA.runtime.instead; // every editor says it, not only the first
    }
    box.append(label, editor, buttons, output, note);
    if (DATA.runtime.available) runKey(editor, buttons.firstChild);
    return box;
  }

  // The outputs the build recorded for the cells that check or use this exercise came from
  // the course's answer: once the learner's code is checked here, each says so, above it.
  function markRecorded(name, summary) {
    const selector = DATA.exercises[name].recorded;
    for (const cell of selector ? document.querySelectorAll(selector) : []) {
      const outputs = cell.querySelector(".jp-Cell-outputWrapper, .jp-OutputArea");
      if (!outputs) continue;
      let note = cell.querySelector(".mc-recorded-note");
      if (!note) {
        note = document.createElement("p");
        note.className = "mc-recorded-note";
        outputs.before(note);
      }
      note.textContent =
        "Recorded when the site was built (the course's answer). Your code, checked live in " +
        `the editor above: ${summary}`;
      outputs.classList.add("mc-recorded");
    }
  }

  // Ctrl+Enter (⌘+Enter on a Mac) runs the check from inside the editor, as in Jupyter.
  function runKey(editor, runButton) {
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runButton.click();
      }
    });
  }

  // The note on running, solutions and storage is the same for every editor: the page's
  // first editor keeps it, the others drop it.
  function keepOneNote() {
    document.querySelectorAll(".mc-exercise .mc-note").forEach((note, index) => {
      if (index > 0) note.remove();
    });
  }

  function addEditors() {
    for (const [name, exercise] of Object.entries(DATA.exercises)) {
      const cell = document.querySelector(exercise.place); // a marker the build wrote
      if (cell) cell.after(editorFor(name));
    }
    keepOneNote();
    const linked = location.hash && document.getElementById(location.hash.slice(1));
    if (linked && linked.classList.contains("mc-exercise")) linked.scrollIntoView();
  }

  // The Exercises page follows the editors' rule: a solution opens after a first check of
  // its exercise in this browser; until then the page says so and links to the editor.
  // A build without the in-page runtime shows them (its editors point here for them).
  function holdSolutions() {
    if (!DATA.runtime.available) return; // no check can run in this build's pages
    for (const details of document.querySelectorAll("details[data-solution]")) {
      const name = details.dataset.solution;
      if (store.get("attempted", name) === "1") continue;
      details.hidden = true;
      const note = document.createElement("p");
      note.className = "mc-solution-held";
      const anchor = DATA.exercises[name] ? DATA.exercises[name].anchor : name;
      const link = document.querySelector(`a[href$="#${anchor}"]`);
      note.append("The solution opens here after your first check of ");
      const editor = document.createElement("a");
      editor.href = link ? link.href : "#";
      editor.textContent = `${name} in its editor`;
      note.append(editor, ' in this browser (in a notebook, solution("' + name + '") prints it).');
      details.after(note);
    }
  }

  function showProgress() {
    const marks = document.querySelectorAll("[data-progress]");
    let done = 0;
    for (const mark of marks) {
      const passed = store.get("passed", mark.dataset.progress) === "1";
      done += passed;
      mark.textContent = passed
        ? "✓ Exercise passed in this browser."
        : "Not passed yet in this browser.";
    }
    const total = document.getElementById("mc-progress-total");
    if (total) total.textContent = `${done} of ${marks.length} exercises passed in this browser.`;
  }

  const begin = () => {
    addEditors();
    showProgress();
    holdSolutions();
  };
  document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", begin)
    : begin();
})();
