// Lesson 6's training in the page (issue 23): Pyodide runs mnist_course.site.in_browser_training
// in this worker, one epoch per message, so the page can stop between epochs or end the
// worker when a learner's function never returns. Every file comes from the site itself.
"use strict";

let python = null;
let subset = null;
let run = null;

async function start(exercisesAssets, inpageAssets, wheels) {
  importScripts(exercisesAssets + "pyodide/pyodide.js");
  const pyodide = await loadPyodide({ indexURL: exercisesAssets + "pyodide/" });
  await pyodide.loadPackage("numpy", { messageCallback: () => {} });
  for (const wheel of wheels) {
    const response = await fetch(exercisesAssets + "pyodide/wheels/" + wheel);
    if (!response.ok) throw new Error(`could not load ${wheel}: HTTP ${response.status}`);
    pyodide.unpackArchive(await response.arrayBuffer(), "wheel");
  }
  self.window = self; // the subset's script sets window.mnistCourseSubset
  importScripts(inpageAssets + "mnist-subset.js");
  const about = self.mnistCourseSubset;
  const response = await fetch(inpageAssets + about.file);
  if (!response.ok) throw new Error(`could not load the training data: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const glue = pyodide.pyimport("mnist_course.site.in_browser_training");
  subset = glue.load_subset(bytes, about.sha256); // checks the SHA-256 digest
  glue.destroy();
  return pyodide;
}

// The parity ladder on the learner's functions, against Keras's side as the real model
// recorded it when the site was built (keras-ladder.json names each dtype's file and digest).
async function ladder(args) {
  const glue = python.pyimport("mnist_course.site.in_browser_parity");
  try {
    if (!glue.has_recording(args.dtype)) {
      const found = await fetch(args.inpageAssets + "keras-ladder.json");
      if (!found.ok)
        throw new Error(`Keras's recorded side is not in this build (HTTP ${found.status})`);
      const entry = (await found.json()).files[args.dtype];
      const response = await fetch(args.inpageAssets + entry.file);
      if (!response.ok) throw new Error(`could not load ${entry.file}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      glue.load_recording(args.dtype, bytes, entry.sha256); // checks the SHA-256 digest
    }
    const code = python.toPy(args.code);
    const setups = python.toPy(args.setups);
    const report = glue.run_ladder(code, setups, args.dtype);
    code.destroy();
    setups.destroy();
    return plain(report);
  } finally {
    glue.destroy();
  }
}

function plain(proxy) {
  const value = proxy.toJs({ dict_converter: Object.fromEntries });
  proxy.destroy();
  return value;
}

self.onmessage = async (event) => {
  const { id, kind, args } = event.data;
  try {
    let result;
    if (kind === "start") {
      python = await start(args.exercisesAssets, args.inpageAssets, args.wheels);
      result = "ready";
    } else if (kind === "begin") {
      const glue = python.pyimport("mnist_course.site.in_browser_training");
      const code = python.toPy(args.code);
      const answers = glue.learner_answers(code, args.setup);
      if (run) run.destroy();
      run = glue.PageTraining.callKwargs(subset, answers, {
        images: args.images,
        batch_size: args.batchSize,
        seed: args.seed,
      });
      code.destroy();
      answers.destroy();
      glue.destroy();
      result = plain(run.functions());
    } else if (kind === "epoch") {
      result = plain(run.epoch());
    } else if (kind === "test") {
      result = run.test_accuracy();
    } else if (kind === "parity") {
      result = await ladder(args);
    } else if (kind === "weights") {
      result = plain(run.weights()); // [{shape, data}]: the draw page's format
    }
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
