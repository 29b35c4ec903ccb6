(function (root) {
  // Static slider of helpers.sliders: swaps precomputed frames, no kernel or network needed.
  var data = JSON.parse(root.querySelector("script.helpers-demo-data").textContent);
  var img = root.querySelector("img.helpers-demo-frame");
  var inputs = root.querySelectorAll("input[type=range]");
  var outputs = root.querySelectorAll("output");
  function show() {
    var index = 0;
    for (var k = 0; k < inputs.length; k++) {
      var i = parseInt(inputs[k].value, 10);
      index = index * data.shape[k] + i;
      outputs[k].textContent = data.labels[k][i];
      inputs[k].setAttribute("aria-valuetext", data.labels[k][i]);
    }
    img.src = data.frames[index];
    img.alt = data.alts[index];
  }
  for (var k = 0; k < inputs.length; k++) inputs[k].addEventListener("input", show);
})(document.currentScript.parentElement);
