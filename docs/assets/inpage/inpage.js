// Lesson 6's network trained in the page (issue 23): window.mnistCourse.train(...) and the
// panel that calls it (an element with id "mc-train-panel" on the page). Python runs in its
// own worker (inpage-worker.js); a function that never returns ends the worker, with a message.
"use strict";

(function () {
  const ASSETS = new URL(".", document.currentScript.src).href;
  const EXERCISES = new URL("../exercises/", ASSETS).href;
  const DATA = window.mnistCourseData || { runtime: { available: false } };
  // The functions the network trains with, as parity --mine names them, and train_step
  // (the page data carries in_browser_training.TRAINED_NAMES).
  const NAMES = DATA.inpageNames || [];
  const START_SECONDS = 120; // Pyodide, NumPy, the course's wheel and 2 MB of digits
  // Far above an epoch of 10,000 images (about 1 s); a test may lower it.
  const epochSeconds = () => window.mnistCourseEpochSeconds || 120;
  const python = window.mnistCourseWorker(ASSETS + "inpage-worker.js");

  function start() {
    if (!DATA.runtime.available) {
      return Promise.reject(
        new Error(DATA.runtime.instead || "in-page Python is not part of this build"),
      );
    }
    const args = { exercisesAssets: EXERCISES, inpageAssets: ASSETS, wheels: DATA.wheels };
    return python.start(args, START_SECONDS);
  }

  function editorCode(name) {
    try {
      return localStorage.getItem("mnist-course:code:" + name);
    } catch (e) {
      return null;
    }
  }

  // code (given) wins over the editors' code; names with neither are the reference's.
  function learnerCode(code) {
    const chosen = {};
    for (const name of NAMES) {
      const source = name in code ? code[name] : editorCode(name);
      if (source) chosen[name] = source;
    }
    return chosen;
  }

  async function train({
    epochs = 5,
    images = 10000,
    batchSize = 32,
    seed = 0,
    code = {},
    onEpoch = () => {},
  } = {}) {
    await start();
    const setup = (DATA.setups && DATA.setups[6]) || "";
    const args = { code: learnerCode(code), setup, images, batchSize, seed };
    const hung =
      `stopped: your functions did not return in ${epochSeconds()} s (an endless loop?). ` +
      "Python restarts on the next run.";
    const functions = await python.ask("begin", args, epochSeconds(), hung);
    const history = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const message =
        `stopped: epoch ${epoch} did not finish in ${epochSeconds()} s; one of your functions ` +
        "never returns (an endless loop?). Python restarts on the next run.";
      const row = await python.ask("epoch", null, epochSeconds(), message);
      history.push(row);
      onEpoch(row, history);
    }
    const test_accuracy = await python.ask("test", null, epochSeconds());
    const result = { history, test_accuracy, functions };
    await keepNetwork({ epochs, images, batchSize, seed }, result);
    try {
      localStorage.setItem("mnist-course:trained", JSON.stringify({ history, test_accuracy }));
    } catch (e) {
      /* private mode */
    }
    return result;
  }

  // The trained network, kept in this browser only, for the draw page (issue 23, item 5).
  const NETWORK_KEY = "mnist-course:your-network";
  async function keepNetwork(settings, result) {
    const weights = await python.ask("weights", null, epochSeconds());
    const kept = {
      weights,
      settings,
      test_accuracy: result.test_accuracy,
      functions: result.functions,
      trained: new Date().toISOString(),
    };
    try {
      localStorage.setItem(NETWORK_KEY, JSON.stringify(kept));
    } catch (e) {
      /* private mode or full: the draw page simply offers the course's network */
    }
  }

  function stopTraining() {
    python.end(); // ends the epoch under way too: its request fails with "stopped"
  }

  // The ladder's time limit: far above its few seconds; a test may lower it.
  const ladderSeconds = () => window.mnistCourseLadderSeconds || 120;

  // The parity ladder on the learner's functions (rungs 1-5), in the worker, against Keras's
  // side recorded when the site was built: the report mnist-course parity --mine prints.
  async function parity({ dtype = "float64", code = {} } = {}) {
    await start();
    const setups = DATA.setups || {}; // each function after its own lesson's setup
    const args = { code: learnerCode(code), setups, dtype, inpageAssets: ASSETS };
    const hung =
      `stopped: the ladder did not finish in ${ladderSeconds()} s; one of your functions ` +
      "never returns (an endless loop?). Python restarts on the next run.";
    const result = await python.ask("parity", args, ladderSeconds(), hung);
    result.first_failure = result.first_failure || null; // Python's None arrives undefined
    return result;
  }

  window.mnistCourse = Object.assign(window.mnistCourse || {}, { train, stopTraining, parity });

  function draw(canvas, history) {
    const context = canvas.getContext("2d");
    const style = getComputedStyle(document.body);
    const ink = style.getPropertyValue("--md-default-fg-color") || "#000";
    const accent = style.getPropertyValue("--md-accent-fg-color") || "#06c";
    context.clearRect(0, 0, canvas.width, canvas.height);
    const series = [
      ["loss", ink, 0],
      ["val_loss", ink, 1],
      ["accuracy", accent, 0],
      ["val_accuracy", accent, 1],
    ];
    const top = Math.max(
      1,
      ...history.map((row) => row.loss),
      ...history.map((row) => row.val_loss),
    );
    const count = Math.max(2, history.length);
    for (const [key, colour, dashed] of series) {
      context.strokeStyle = colour;
      context.setLineDash(dashed ? [6, 4] : []);
      context.beginPath();
      history.forEach((row, index) => {
        const x = 30 + (index / (count - 1)) * (canvas.width - 40);
        const y = canvas.height - 20 - (row[key] / top) * (canvas.height - 30);
        index ? context.lineTo(x, y) : context.moveTo(x, y);
      });
      context.stroke();
    }
  }

  // The test accuracy beside the reference's and Keras's (issue 23, item 3): those two were
  // recorded when the site was built (recorded-accuracies.json, from build_page_accuracies)
  // for the panel's defaults only; other settings are said to have no recorded number.
  function comparison(box) {
    const about = document.createElement("p");
    about.className = "mc-where";
    const code = (text) => Object.assign(document.createElement("code"), { textContent: text });
    about.append(
      "What runs where: your network trains live, in this page (Python in your browser " +
        "through Pyodide, on the digits credited below); nothing leaves the site. Keras " +
        "cannot run in a browser, so Keras's test accuracy, and the course's NumPy " +
        "reference's, were recorded when this site was built, on the same digits with the " +
        "same settings; the table after training names those settings. On your machine, " +
        "lesson 6's notebook trains with your functions on all of MNIST, ",
      code("mnist-course parity --mine"),
      " puts them through the parity ladder, and ",
      code("mnist-course train --impl numpy"),
      " (or ",
      code("--impl keras"),
      ") trains the course's networks.",
    );
    const table = document.createElement("table");
    table.id = "mc-compare"; // no class: the theme styles it as every other table
    table.hidden = true;
    // Material's wrappers for a table, as it gives every Markdown table: on a phone the
    // table scrolls inside them (by keyboard too) instead of being cut off.
    const scroll = document.createElement("div");
    scroll.className = "md-typeset__scrollwrap";
    scroll.tabIndex = 0;
    scroll.setAttribute("role", "region"); // a labelled, scrollable region
    scroll.setAttribute("aria-label", "test accuracies, side by side");
    const inner = document.createElement("div");
    inner.className = "md-typeset__table";
    inner.append(table);
    scroll.append(inner);
    box.append(about, scroll);
    const recorded = fetch(ASSETS + "recorded-accuracies.json")
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    const cell = (row, text, header) => {
      const element = document.createElement(header ? "th" : "td");
      if (header) element.scope = header;
      element.textContent = text;
      row.append(element);
    };
    const row = (cells, header) => {
      const tr = document.createElement("tr");
      cells.forEach((text, index) => cell(tr, text, header || (index === 0 ? "row" : null)));
      return tr;
    };
    const named = (settings) =>
      `epochs ${settings.epochs}, images ${Number(settings.images).toLocaleString("en")}, ` +
      `batch size ${settings.batchSize}, ` +
      `seed ${settings.seed}`;
    return async (settings, result) => {
      const data = await recorded;
      const count = Object.values(result.functions).filter((who) => who === "yours").length;
      const total = Object.keys(result.functions).length;
      const matches =
        data &&
        data.settings.epochs.includes(settings.epochs) &&
        ["images", "batchSize", "seed"].every((key) => data.settings[key] === settings[key]);
      table.replaceChildren();
      const caption = document.createElement("caption");
      caption.textContent =
        `Test accuracy on the page's ${data ? data.test_images.toLocaleString("en") : ""} test digits, ` +
        named(settings);
      table.append(caption, row(["Network", "Test accuracy", "How it ran"], "col"));
      table.append(
        row([
          `This run (your functions: ${count} of ${total})`,
          result.test_accuracy.toFixed(4),
          "live, in this page, just now",
        ]),
      );
      for (const [key, name] of [
        ["reference", "The course's NumPy reference"],
        ["keras", "Keras"],
      ]) {
        if (matches) {
          const accuracy = data[key].test_accuracy[data.settings.epochs.indexOf(settings.epochs)];
          const how = `recorded when this site was built (${data[key].ran_on})`;
          table.append(row([name, accuracy.toFixed(4), how]));
        } else {
          const recordedFor = data
            ? `recorded only for epochs ${data.settings.epochs[0]} to ` +
              `${data.settings.epochs.at(-1)}, images ${data.settings.images}, batch size ` +
              `${data.settings.batchSize}, seed ${data.settings.seed}`
            : "not recorded in this build";
          table.append(row([name, "no number for these settings", recordedFor]));
        }
      }
      table.hidden = false;
    };
  }

  function panel(box) {
    const settings = { epochs: 5, images: 10000, batchSize: 32, seed: 0 };
    const form = document.createElement("div");
    const inputs = {};
    for (const [key, value] of Object.entries(settings)) {
      const label = document.createElement("label");
      label.textContent = key + " ";
      const input = document.createElement("input");
      input.type = "number";
      input.value = value;
      input.min = 1;
      input.name = key;
      inputs[key] = input;
      label.append(input);
      form.append(label, " ");
    }
    const trainButton = document.createElement("button");
    trainButton.className = "md-button mc-button";
    trainButton.textContent = "Train";
    const stopButton = document.createElement("button");
    stopButton.className = "md-button mc-button";
    stopButton.textContent = "Stop";
    const canvas = document.createElement("canvas");
    canvas.width = 640;
    canvas.height = 240;
    canvas.setAttribute(
      "aria-label",
      "learning curves: loss (ink) and accuracy (accent), validation dashed",
    );
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    box.append(form, trainButton, stopButton, canvas, status);
    const compare = comparison(box);
    const credit = document.createElement("p");
    credit.className = "mc-credit";
    box.append(credit);
    const about = document.createElement("script");
    about.src = ASSETS + "mnist-subset.js"; // written at build time with the digits
    about.onload = () => (credit.textContent = window.mnistCourseSubset.attribution);
    document.head.append(about);
    stopButton.addEventListener("click", stopTraining);
    trainButton.addEventListener("click", async () => {
      const chosen = Object.fromEntries(
        Object.entries(inputs).map(([k, input]) => [k, Number(input.value)]),
      );
      status.textContent = "Starting Python and loading 10,000 digits…";
      try {
        const result = await train({
          ...chosen,
          onEpoch: (row, history) => {
            draw(canvas, history);
            status.textContent = `epoch ${row.epoch}: loss ${row.loss.toFixed(3)}, accuracy ${row.accuracy.toFixed(3)}, validation ${row.val_accuracy.toFixed(3)} (${row.seconds.toFixed(1)} s)`;
          },
        });
        const yours = Object.entries(result.functions)
          .filter(([, who]) => who === "yours")
          .map(([name]) => name);
        status.textContent = `test accuracy ${result.test_accuracy.toFixed(4)}; yours: ${yours.join(", ") || "none"}`;
        compare(chosen, result);
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }

  // The verdict (first divergence and its likely cause) first, then the whole report.
  function verdictFirst(text) {
    const lines = text.split("\n");
    const start = lines.findIndex((line) => /^(FIRST DIVERGENCE|All rungs pass)/.test(line));
    if (start < 0) return text;
    const end = lines.indexOf("", start);
    const verdict = lines.slice(start, end < 0 ? undefined : end);
    return [...verdict, "", ...lines].join("\n");
  }

  function ladderPanel(box) {
    const heading = document.createElement("p");
    heading.textContent =
      "The parity ladder on your functions (rungs 1-5), as mnist-course parity --mine runs " +
      "it. Keras's side was recorded when this site was built: TensorFlow does not run in " +
      "a browser, so the real Keras model wrote every tensor the ladder compares.";
    const runButton = document.createElement("button");
    runButton.className = "md-button mc-button";
    runButton.textContent = "Run the ladder";
    const dtypeChoice = document.createElement("select");
    dtypeChoice.setAttribute("aria-label", "dtype of the ladder");
    for (const dtype of ["float64", "float32"]) dtypeChoice.append(new Option(dtype, dtype));
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    const report = document.createElement("pre");
    report.className = "mc-ladder-report";
    // Its rows are wider than the page: they scroll inside the box (by keyboard too),
    // keeping the columns aligned, instead of being cut off at the page's edge.
    report.style.overflowX = "auto";
    report.tabIndex = 0;
    report.setAttribute("role", "region");
    report.setAttribute("aria-label", "the ladder's report");
    box.append(heading, dtypeChoice, " ", runButton, status, report);
    runButton.addEventListener("click", async () => {
      status.textContent = "Running the ladder on your functions…";
      report.textContent = "";
      try {
        const result = await parity({ dtype: dtypeChoice.value });
        const failure = result.first_failure;
        status.textContent = result.passed
          ? "All rungs pass: your network computes what Keras computed."
          : `First divergence: rung ${failure.rung}, ${failure.name}`;
        report.textContent = verdictFirst(result.text);
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("mc-train-panel");
    if (box) panel(box);
    if (box) ladderPanel(box);
  });
})();
