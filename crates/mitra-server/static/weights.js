// Progressive enhancement of the direct weights: moving one slider rescales the other included
// ones in proportion, so the sliders always add up to 100 %. Without this file the form still
// works: Mitra rescales the weights when they are saved.
(function () {
  var sliders = Array.prototype.slice.call(document.querySelectorAll("input.weight"));
  if (!sliders.length) return;
  var total = document.getElementById("weight-total");
  function included(s) {
    var box = document.getElementById("inc-" + s.id.slice(2));
    return !box || box.checked;
  }
  function show() {
    var sum = 0;
    sliders.forEach(function (s) {
      var v = included(s) ? parseFloat(s.value) || 0 : 0;
      sum += v;
      var out = document.getElementById("o-" + s.id.slice(2));
      if (out) out.textContent = v.toFixed(1) + " %";
    });
    if (total) total.textContent = "Σ " + sum.toFixed(1) + " %";
  }
  function rebalance(moved) {
    var others = sliders.filter(function (s) { return s !== moved && included(s); });
    var rest = 100 - (parseFloat(moved.value) || 0);
    var sum = others.reduce(function (a, s) { return a + (parseFloat(s.value) || 0); }, 0);
    others.forEach(function (s) {
      var v = sum > 0 ? (parseFloat(s.value) || 0) * rest / sum : rest / others.length;
      s.value = Math.max(0, v).toFixed(1);
    });
    show();
  }
  sliders.forEach(function (s) {
    s.addEventListener("input", function () { rebalance(s); });
  });
  document.querySelectorAll("input[name=included]").forEach(function (b) {
    b.addEventListener("change", show);
  });
  show();
})();
