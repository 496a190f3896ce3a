// Progressive enhancement of the AHP form: as the evaluator answers, ask Mitra (the same engine
// as on submit) for the consistency ratio and advice. The form works the same without this file.
(function () {
  var form = document.getElementById("ahp");
  if (!form || !window.fetch) return;
  var csrf = form.querySelector('input[name="csrf_token"]').value;
  function judgments() {
    var out = {};
    form.querySelectorAll("select").forEach(function (s) {
      if (s.value) out[s.name.slice(2)] = s.value;
    });
    return out;
  }
  function show(result, answered) {
    document.getElementById("answered").textContent = answered;
    var cr = document.getElementById("cr");
    var verdict = document.getElementById("cr-verdict");
    var advice = document.getElementById("advice");
    advice.textContent = "";
    if (!result || result.cr === null || result.cr === undefined) {
      cr.textContent = "—";
      verdict.textContent = "";
      return;
    }
    cr.textContent = result.cr.toFixed(3);
    verdict.textContent = result.cr <= 0.1 ? form.dataset.consistent : form.dataset.inconsistent;
    var names = JSON.parse(form.dataset.names || "[]");
    (result.advice || []).forEach(function (a) {
      var li = document.createElement("li");
      var text = (names[a.row] || "") + " — " + (names[a.col] || "") + ": " +
        form.dataset.now + " " + saaty(a.current);
      if (a.suggested) text += " → " + form.dataset.try + " " + saaty(a.suggested);
      li.textContent = text;
      advice.appendChild(li);
    });
  }
  function saaty(v) {
    return v < 1 ? "1/" + Math.round(1 / v) : String(Math.round(v));
  }
  form.addEventListener("change", function () {
    var j = judgments();
    fetch(form.dataset.preview, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ judgments: j })
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { show(result, Object.keys(j).length); })
      .catch(function () {});
  });
})();
