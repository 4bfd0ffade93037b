// Draw a digit: the course's trained 784-32-16-8-10 network, running in this page.
// The weights come from generated/weights.js (written by `mnist-course figures`);
// nothing is fetched from anywhere else and nothing is sent anywhere.
(function () {
  "use strict";
  const SIZE = 28; // MNIST images are 28 x 28 ...
  const BOX = 20; // ... with the digit scaled to fit a 20 x 20 box inside

  function decode(entry) {
    const bytes = Uint8Array.from(atob(entry.data), (c) => c.charCodeAt(0));
    return { shape: entry.shape, values: new Float32Array(bytes.buffer) };
  }
  const networks = {};
  for (const [name, arrays] of Object.entries(window.mnistWeights)) {
    networks[name] = arrays.map(decode); // [kernel_1, bias_1, ..., kernel_4, bias_4]
  }

  // A network the reader trained on lesson 6's page (inpage.js keeps it in this browser's
  // localStorage; it never leaves the browser). Only one shaped like the course's is read.
  function yourNetwork() {
    try {
      const kept = JSON.parse(localStorage.getItem("mnist-course:your-network"));
      const layers = kept.weights.map(decode);
      const shapes = networks[Object.keys(networks)[0]].map((layer) => layer.shape.join("x"));
      const same = layers.map((layer) => layer.shape.join("x")).join() === shapes.join();
      return same ? { ...kept, layers } : null;
    } catch (e) {
      return null; // none kept, or storage unavailable
    }
  }
  const yours = yourNetwork();
  if (yours) networks.yours = yours.layers;

  // The forward pass of lesson 3: z = x @ kernel + bias, ReLU between layers, softmax
  // at the end. Kernels are (inputs, outputs), row-major, as in Keras and NumPy.
  function forward(pixels, name) {
    const layers = networks[name];
    let x = Float64Array.from(pixels);
    const hidden = [];
    for (let l = 0; l < layers.length; l += 2) {
      const [kernel, bias] = [layers[l], layers[l + 1]];
      const [inputs, outputs] = kernel.shape;
      const z = Float64Array.from(bias.values);
      for (let i = 0; i < inputs; i++) {
        if (x[i] === 0) continue;
        for (let j = 0; j < outputs; j++) z[j] += x[i] * kernel.values[i * outputs + j];
      }
      if (l + 2 < layers.length) {
        x = z.map((v) => Math.max(v, 0)); // ReLU
        hidden.push(Array.from(x));
      } else {
        const max = Math.max(...z); // subtract the maximum: exp never overflows
        const exps = z.map((v) => Math.exp(v - max));
        const sum = exps.reduce((a, b) => a + b, 0);
        return { probs: Array.from(exps, (v) => v / sum), hidden };
      }
    }
  }

  // From a drawing to an MNIST-like input, as the MNIST digits were made: ink from 0
  // to 1, cropped to its bounding box, scaled to fit 20 x 20 keeping its proportions,
  // and placed in 28 x 28 so that its centre of mass sits at the centre.
  function preprocess(canvas) {
    const { width, height } = canvas;
    const rgba = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let [top, left, bottom, right] = [height, width, -1, -1];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (rgba[(y * width + x) * 4] < 230) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    const input = new Float32Array(SIZE * SIZE);
    if (bottom < 0) return input; // nothing drawn yet
    const [w, h] = [right - left + 1, bottom - top + 1];
    const scale = BOX / Math.max(w, h);
    const [sw, sh] = [Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))];
    const small = document.createElement("canvas");
    [small.width, small.height] = [sw, sh];
    const context = small.getContext("2d");
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high"; // averages pixels: grey edges, as in MNIST
    context.fillStyle = "white";
    context.fillRect(0, 0, sw, sh);
    context.drawImage(canvas, left, top, w, h, 0, 0, sw, sh);
    const pixels = context.getImageData(0, 0, sw, sh).data;
    const ink = new Float32Array(sw * sh);
    let [mass, cx, cy] = [0, 0, 0];
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < sw; x++) {
        const v = 1 - pixels[(y * sw + x) * 4] / 255;
        ink[y * sw + x] = v;
        mass += v;
        cx += v * x;
        cy += v * y;
      }
    }
    const [dx, dy] = [Math.round(SIZE / 2 - cx / mass), Math.round(SIZE / 2 - cy / mass)];
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < sw; x++) {
        const [tx, ty] = [x + dx, y + dy];
        if (tx >= 0 && tx < SIZE && ty >= 0 && ty < SIZE) input[ty * SIZE + tx] = ink[y * sw + x];
      }
    }
    return input;
  }

  // --- the page -------------------------------------------------------------------
  const canvas = document.getElementById("draw-canvas");
  if (!canvas) return;
  const pen = canvas.getContext("2d", { willReadFrequently: true });
  const view = document.getElementById("draw-input").getContext("2d");
  let drawing = false;
  let last = null;

  function clear() {
    pen.fillStyle = "white";
    pen.fillRect(0, 0, canvas.width, canvas.height);
    update();
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * canvas.width) / box.width,
      ((event.clientY - box.top) * canvas.height) / box.height,
    ];
  }

  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    last = point(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const next = point(event);
    pen.strokeStyle = "black";
    pen.lineWidth = 22;
    pen.lineCap = pen.lineJoin = "round";
    pen.beginPath();
    pen.moveTo(...last);
    pen.lineTo(...next);
    pen.stroke();
    last = next;
  });
  for (const type of ["pointerup", "pointercancel"]) {
    canvas.addEventListener(type, () => {
      if (drawing) {
        drawing = false;
        update();
      }
    });
  }
  document.getElementById("draw-clear").addEventListener("click", clear);
  offerYours();
  for (const radio of document.querySelectorAll("input[name=draw-network]")) {
    radio.addEventListener("change", update);
  }

  // "the course's network | yours": a third choice when one was trained in lesson 6's page.
  function offerYours() {
    const note = document.getElementById("draw-yours");
    if (!note) return;
    const lesson = note.dataset.lesson;
    if (!yours) {
      note.append("Train a network on ");
      const link = Object.assign(document.createElement("a"), { href: lesson });
      link.textContent = "lesson 6's page";
      note.append(link, " and it appears here as yours, kept in this browser only.");
      return;
    }
    const label = document.createElement("label");
    const radio = Object.assign(document.createElement("input"), {
      type: "radio",
      name: "draw-network",
      value: "yours",
    });
    label.append(radio, " Yours");
    document.querySelector(".draw-controls").append(label);
    const { epochs, images, batchSize, seed } = yours.settings;
    const when = new Date(yours.trained);
    const mine = Object.values(yours.functions).filter((who) => who === "yours").length;
    note.textContent =
      `Yours: trained on lesson 6's page on ${when.toLocaleString()}, with epochs ${epochs}, ` +
      `images ${images}, batch size ${batchSize}, seed ${seed} and ${mine} of ` +
      `${Object.keys(yours.functions).length} functions yours; test accuracy ` +
      `${yours.test_accuracy.toFixed(4)} on that page's test digits. Kept in this browser ` +
      "only; training again there replaces it.";
  }

  function selectedNetwork() {
    return document.querySelector("input[name=draw-network]:checked").value;
  }

  function update() {
    const input = preprocess(canvas);
    const image = view.createImageData(SIZE, SIZE);
    input.forEach((v, i) => {
      image.data.fill(Math.round(255 * (1 - v)), i * 4, i * 4 + 3);
      image.data[i * 4 + 3] = 255;
    });
    view.putImageData(image, 0, 0);
    const empty = input.every((v) => v === 0);
    const { probs, hidden } = forward(input, selectedNetwork());
    const best = probs.indexOf(Math.max(...probs));
    const diverged = probs.some((p) => !Number.isFinite(p)); // a run that diverged: NaN
    document.getElementById("draw-prediction").textContent = empty
      ? "Draw a digit in the box."
      : diverged
        ? "This network's outputs are not numbers: its training diverged."
        : `The network reads a ${best} (${(100 * probs[best]).toFixed(1)}%).`;
    document.getElementById("draw-probs").innerHTML = probs
      .map(
        (p, digit) =>
          `<div class="draw-bar"><span>${digit}</span><span class="draw-track">` +
          `<span class="draw-fill${digit === best && !empty ? " draw-best" : ""}" ` +
          `style="width:${(100 * p).toFixed(1)}%"></span></span><span>${(100 * p).toFixed(1)}%</span></div>`,
      )
      .join("");
    document.getElementById("draw-hidden").innerHTML = hidden
      .map((units) => {
        const top = Math.max(...units, 1e-9);
        return (
          `<div class="draw-layer"><span>${units.length} units</span>` +
          units
            .map(
              (u) =>
                `<span class="draw-unit" title="${u.toFixed(3)}" style="opacity:${(0.08 + (0.92 * u) / top).toFixed(2)}"></span>`,
            )
            .join("") +
          "</div>"
        );
      })
      .join("");
    window.mnistDemo.last = {
      input: Array.from(input),
      probs,
      hidden,
      prediction: empty ? null : best,
    };
    if (empty) showNothingDrawn();
  }

  // Before anything is drawn the network's output for a blank image is not a reading:
  // the bars and units wait for a drawing instead.
  function showNothingDrawn() {
    for (const id of ["draw-probs", "draw-hidden"]) {
      document.getElementById(id).innerHTML =
        '<p class="draw-caption draw-waiting">(nothing drawn yet)</p>';
    }
  }

  window.mnistDemo = {
    forward,
    preprocess: () => Array.from(preprocess(canvas)),
    clear,
    update,
    networks: Object.keys(networks),
  };
  clear();
})();
