// Starts Swagger UI from the data- attributes of #swagger-ui. A file, not an inline script:
// the Content-Security-Policy allows scripts from this origin's files only.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
  if (root.dataset.oauthClientId) {
    ui.initOAuth({ clientId: root.dataset.oauthClientId });
  }
  window.ui = ui;
})();
