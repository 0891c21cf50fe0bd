// Swagger UI for /docs, from local assets; no inline script, so a strict CSP can forbid them.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, docExpansion: "list",
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout",
  });
});
