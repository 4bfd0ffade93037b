// Python for the exercise editors: Pyodide (CPython in WebAssembly) runs in this Web Worker,
// so that an answer that never returns can be stopped by ending the worker.
// Every file comes from the site itself (assets/exercises/pyodide/), never from another address.
"use strict";

let python = null;

// Each stage of a start is announced ({stage: index}, in the order of the page data's
// "download"): the runtime, NumPy, the course.
async function start(assets, wheels) {
  self.postMessage({ stage: 0 });
  importScripts(assets + "pyodide/pyodide.js");
  const pyodide = await loadPyodide({ indexURL: assets + "pyodide/" });
  self.postMessage({ stage: 1 });
  await pyodide.loadPackage("numpy", { messageCallback: () => {} });
  self.postMessage({ stage: 2 });
  for (const wheel of wheels) {
    const response = await fetch(assets + "pyodide/wheels/" + wheel);
    if (!response.ok) throw new Error(`could not load ${wheel}: HTTP ${response.status}`);
    pyodide.unpackArchive(await response.arrayBuffer(), "wheel");
  }
  pyodide.runPython("import mnist_course.site.in_browser");
  return pyodide;
}

self.onmessage = async (event) => {
  const { id, kind, args } = event.data;
  try {
    if (kind === "start") {
      python = await start(args.assets, args.wheels);
      self.postMessage({ id, result: "ready" });
      return;
    }
    const glue = python.pyimport("mnist_course.site.in_browser");
    let result;
    if (kind === "check") {
      // The verdict, Result.as_dict() in Python (name, passed, todo, message...): an object.
      const verdict = glue.check(...args);
      result = verdict.toJs({ dict_converter: Object.fromEntries });
      verdict.destroy();
    } else {
      result = glue.printed(kind, ...args); // the text of hint() or solution()
    }
    glue.destroy();
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
