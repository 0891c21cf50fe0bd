/* jha-kg SPARQL editor: YASGUI against this server's /sparql, with the named queries as examples. */
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  if (typeof window.Yasgui === "undefined") return;  // assets missing: the page says how to install them
  const endpoint = new URL("/sparql", window.location.href).href;  // absolute, whatever the host
  const Yasgui = window.Yasgui;
  // Only local autocompletion: the others ask third-party services (prefix.cc, LOV).
  if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  Yasgui.defaults.requestConfig.endpoint = endpoint;
  const fromUrl = window.location.hash.indexOf("query=") >= 0;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    persistenceId: null,
    populateFromUrl: true,
    yasqe: { autocompleters: ["variables"] },
  });
  window.jhakgYasgui = yasgui;
  const byName = new Map(examples.map((q) => [q.name, q]));
  function load(name, run) {
    const q = byName.get(name);
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(q.text);
    if (run) tab.query();
  }
  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => load(button.dataset.name, true));
  });
  if (!fromUrl && byName.has("agencies")) load("agencies", false);
})();
