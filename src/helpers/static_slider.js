(function (root) {
  // Static slider of helpers.sliders: swaps precomputed frames, no kernel or network needed.
  // The frames are either inline (a notebook output) or, on the book's website, in a script file
  // that is loaded the first time the reader reaches for a slider (see book/_ext/book_build.py).
  var holder = root.querySelector("script.helpers-demo-data");
  var meta = JSON.parse(holder.textContent);
  var frames = meta.frames ? meta : null;
  var img = root.querySelector("img.helpers-demo-frame");
  var inputs = root.querySelectorAll("input[type=range]");
  var outputs = root.querySelectorAll("output");
  var loading = false;
  function load() {
    if (frames || loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-src");
    script.onload = function () {
      frames = window.helpersDemoFrames[holder.getAttribute("data-key")];
      show();
    };
    document.head.appendChild(script);
  }
  function show() {
    var index = 0;
    for (var k = 0; k < inputs.length; k++) {
      var i = parseInt(inputs[k].value, 10);
      index = index * meta.shape[k] + i;
      outputs[k].textContent = meta.labels[k][i];
      inputs[k].setAttribute("aria-valuetext", meta.labels[k][i]);
    }
    if (!frames) return load();
    img.src = frames.frames[index];
    img.alt = frames.alts[index];
  }
  for (var k = 0; k < inputs.length; k++) {
    inputs[k].addEventListener("input", show);
    inputs[k].addEventListener("focus", load);
    inputs[k].addEventListener("pointerdown", load);
  }
})(document.currentScript.parentElement);
