// Starts ReDoc on /api/v1/redoc/ from the container's data attributes (no inline script:
// the Content-Security-Policy allows scripts from this server's files only).
(function () {
  var container = document.getElementById("redoc-container");
  var settings = JSON.parse(container.dataset.settings || "{}");
  Redoc.init(container.dataset.schemaUrl, settings, container);
})();
