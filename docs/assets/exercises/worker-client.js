// One Python worker (Pyodide in a Web Worker) and the requests sent to it, shared by the
// exercise editors (exercises.js) and lesson 6's panel (inpage.js), each with a worker of
// its own. Each request carries an id and a time limit: Python in the page cannot stop one
// call, so past the limit the worker is ended (the next start makes a new one) and the
// request fails with its message; requests still in flight fail with "stopped".
"use strict";

window.mnistCourseWorker = function pythonWorker(url) {
  let worker = null;
  let ready = null;
  let nextId = 0;
  const inFlight = new Set(); // each request's way to fail when the worker ends

  function end() {
    if (worker) worker.terminate();
    worker = null;
    ready = null;
    for (const fail of [...inFlight]) fail("stopped");
  }

  function ask(kind, args, seconds, message) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const settle = () => {
        clearTimeout(timer);
        inFlight.delete(fail);
        if (worker) worker.removeEventListener("message", listen);
      };
      const fail = (text) => {
        settle();
        reject(new Error(text));
      };
      const timer = setTimeout(() => {
        fail(message || `stopped after ${seconds} s`);
        end();
      }, seconds * 1000);
      const listen = (event) => {
        if (event.data.id !== id) return;
        settle();
        event.data.error === undefined
          ? resolve(event.data.result)
          : reject(new Error(event.data.error));
      };
      inFlight.add(fail);
      worker.addEventListener("message", listen);
      worker.postMessage({ id, kind, args });
    });
  }

  // The worker's start, once until it ends: `args` go with its "start" request, and
  // `onMessage` sees every message it sends (progress). Throws if no worker can be made
  // (a page opened from disk).
  function start(args, seconds, onMessage) {
    if (!ready) {
      worker = new Worker(url);
      if (onMessage) worker.addEventListener("message", (event) => onMessage(event.data));
      ready = ask("start", args, seconds).catch((error) => {
        end();
        throw error;
      });
    }
    return ready;
  }

  return { start, ask, end, started: () => ready !== null };
};
