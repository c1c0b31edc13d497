// Swagger UI over the app's own OpenAPI description (the bundle is served by the app: no CDN).
(function () {
  "use strict";
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
})();
