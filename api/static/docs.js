/* jha-kg API documentation: Swagger UI (local assets) over this server's OpenAPI document. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("docs-config").textContent);
  if (typeof window.SwaggerUIBundle === "undefined") return;  // assets missing: the page says how to install them
  window.jhakgDocs = window.SwaggerUIBundle({
    url: new URL(config.openapi, window.location.href).href,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,  // never ask an outside validator about the document
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
