// Koers's own script: charts from the Vega-Lite specifications the server writes into the page.
// A chart is <div class="chart" data-spec="ID"> with <script type="application/json" id="ID">.
(function () {
  function drawCharts(root) {
    if (typeof window.vegaEmbed !== "function") return;
    root.querySelectorAll("[data-spec]").forEach(function (element) {
      if (element.dataset.drawn) return;
      var source = document.getElementById(element.dataset.spec);
      if (!source) return;
      element.dataset.drawn = "1";
      window.vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .then(function () { element.dataset.ready = "1"; })
        .catch(function (error) { element.textContent = String(error); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  window.koersDrawCharts = drawCharts;
})();
