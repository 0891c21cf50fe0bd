/* jha-kg explorer: draws the server's network (positions precomputed, physics off), filters it
 * in place, and opens evidence panels. Every text from the report goes into the page through
 * textContent or as a DOM element built here: never as HTML. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };
  const asTooltip = (text) => el("div", text, "tooltip");

  const byId = new Map();
  data.nodes.forEach((n) => {
    byId.set(n.id, n);
    if (n.title) n.title = asTooltip(n.title);
  });
  data.edges.forEach((e) => { if (e.title) e.title = asTooltip(e.title); });
  const big = data.nodes.length > 800;

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: !big, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false },
    nodes: { font: { size: 14, face: "sans-serif" }, borderWidth: 1 },
    edges: { smooth: false, selectionWidth: 2 },
  };
  const network = new vis.Network($("network"), { nodes, edges }, options);

  const api = { network, nodes, edges, data, ready: false, drawnAt: null, applied: 0 };
  api.visibleNodeIds = () => nodes.get({ filter: (n) => !n.hidden }).map((n) => n.id);
  api.drawnNodeCount = () => network.body.nodeIndices.length;
  window.jhakgNetwork = api;

  // -- controls ---------------------------------------------------------------------------------
  const chosen = data.selected || {};  // the filters given in the address (checked by the server)
  const state = {
    theme: chosen.theme || "", type: chosen.type || "", year: chosen.year || "", measure: data.measures[0].id,
    statuses: new Set(chosen.statuses || data.defaultStatuses),
    layers: { activity: false, instrument: false, system: false, gaps: false },
  };
  const fill = (select, items) => items.forEach(([value, label]) => {
    const option = el("option", label);
    option.value = value;
    select.appendChild(option);
  });
  fill($("measure"), data.measures.map((m) => [m.id, m.label]));
  fill($("filter-theme"), data.themes.map((t, i) => [String(i), t.label]));
  fill($("filter-type"), data.types.map((t) => [t, t.replace(/([a-z])([A-Z])/g, "$1 $2")]));
  fill($("filter-year"), data.years.map((y) => [String(y), String(y)]));
  $("filter-theme").value = state.theme;
  $("filter-type").value = state.type;
  $("filter-year").value = state.year;
  data.statuses.forEach((s) => {
    const label = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = s;
    box.checked = state.statuses.has(s);
    box.id = "status-" + s;
    box.addEventListener("change", () => {
      if (box.checked) state.statuses.add(s); else state.statuses.delete(s);
      apply();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + s));
    $("filter-status").appendChild(label);
  });
  $("measure").addEventListener("change", (e) => { state.measure = e.target.value; resize(); });
  [["filter-theme", "theme"], ["filter-type", "type"], ["filter-year", "year"]].forEach(([id, key]) => {
    $(id).addEventListener("change", (e) => { state[key] = e.target.value; apply(); });
  });
  if (!data.layers.activity) {
    $("layer-activity").disabled = true;
    $("layer-activity").parentElement.title = "Too many activities to draw here: see the note above.";
  }
  Object.keys(state.layers).forEach((layer) => {
    $("layer-" + layer).addEventListener("change", (e) => { state.layers[layer] = e.target.checked; apply(); });
  });

  // -- filtering --------------------------------------------------------------------------------
  function passes(i) {
    const a = data.activities[i];
    if (!state.statuses.has(a.status)) return false;
    // a type selects its subtypes and a theme its narrower themes, as every filter of the server does
    if (state.type && !(data.typeCovers[state.type] || [state.type]).includes(a.type)) return false;
    if (state.year && String(a.year) !== state.year) return false;
    if (state.theme !== "" && !a.themes.some((t) => data.themes[Number(state.theme)].covers.includes(t))) return false;
    return true;
  }

  // The gap layer shows /api/gaps's pair gaps for the chosen theme (overall ones without a theme).
  const themeId = () => (state.theme === "" ? null : data.themes[Number(state.theme)].id);

  function apply() {
    const ok = data.activities.map((_a, i) => passes(i));
    const gapTheme = themeId();
    let gapsShown = 0;
    const visibleOrgs = new Set();
    const edgeUpdates = [];
    let links = 0;
    data.edges.forEach((e) => {
      if (e.layer !== "collaboration") return;
      const n = e.activities.reduce((acc, i) => acc + (ok[i] ? 1 : 0), 0);
      const hidden = n === 0;
      if (!hidden) { visibleOrgs.add(e.from); visibleOrgs.add(e.to); links += 1; }
      const a = byId.get(e.from), b = byId.get(e.to);
      edgeUpdates.push({
        id: e.id, hidden, width: hidden ? 1 : 1 + 1.6 * Math.sqrt(n),
        title: asTooltip(`${a ? a.name : e.from} — ${b ? b.name : e.to}: ${n} joint activit${n === 1 ? "y" : "ies"} (click for the evidence)`),
      });
    });
    const nodeUpdates = [];
    const visible = new Set();
    data.nodes.forEach((n) => {
      let hidden;
      if (n.layer === "organisation") hidden = !(n.agency || visibleOrgs.has(n.id) || n.id === data.focus);
      else hidden = !state.layers[n.layer] || !n.activities.some((i) => ok[i]);
      if (!hidden) visible.add(n.id);
      nodeUpdates.push({ id: n.id, hidden });
    });
    data.edges.forEach((e) => {
      if (e.layer === "collaboration") return;
      let hidden;
      if (e.layer === "gaps") hidden = !state.layers.gaps || (e.theme ?? null) !== gapTheme;
      else hidden = !state.layers[e.layer] || !e.activities.some((i) => ok[i]);
      hidden = hidden || !visible.has(e.from) || !visible.has(e.to);
      if (e.layer === "gaps" && !hidden) gapsShown += 1;
      edgeUpdates.push({ id: e.id, hidden });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    const orgs = data.nodes.filter((n) => n.layer === "organisation" && visible.has(n.id)).length;
    $("counts").textContent = `${orgs} organisations and ${links} collaborating pairs shown` +
      (visible.size > orgs ? `, ${visible.size - orgs} layer nodes` : "") + "." +
      (state.layers.gaps ? ` ${gapsShown} gap${gapsShown === 1 ? "" : "s"}` +
        (gapTheme ? " on this theme." : " overall" + (gapsShown ? "." : ": choose a theme to see where pairs do not work together there.")) : "");
    api.applied += 1;
  }

  function resize() {
    const values = data.nodes.filter((n) => n.layer === "organisation").map((n) => n.measures[state.measure] || 0);
    const max = Math.max(1e-9, ...values);
    nodes.update(data.nodes.filter((n) => n.layer === "organisation").map((n) => ({
      id: n.id, size: 8 + 30 * Math.sqrt((n.measures[state.measure] || 0) / max),
    })));
  }

  // -- search -----------------------------------------------------------------------------------
  const searchable = data.nodes.filter((n) => n.search);
  function search(query) {
    const q = query.trim().toLowerCase();
    const list = $("search-results");
    list.replaceChildren();
    if (!q) return [];
    const found = searchable.filter((n) => n.search.includes(q)).slice(0, 12);
    found.forEach((n) => {
      const item = el("li");
      const button = el("button", n.name, "link");
      button.type = "button";
      button.addEventListener("click", () => choose(n));
      item.appendChild(button);
      list.appendChild(item);
    });
    if (!found.length) list.appendChild(el("li", "No match.", "hint"));
    return found;
  }
  function choose(n) {
    if (n.layer !== "organisation" && !state.layers[n.layer]) {
      state.layers[n.layer] = true;
      $("layer-" + n.layer).checked = true;
      apply();
    }
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.2, animation: false });
    openNode(n.id);
  }
  $("search").addEventListener("input", (e) => search(e.target.value));
  $("search").addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      const found = search(e.target.value);
      if (found.length) choose(found[0]);
    }
  });

  // -- panels -----------------------------------------------------------------------------------
  const panel = $("panel"), body = $("panel-body");
  $("panel-close").addEventListener("click", () => { panel.hidden = true; });

  function link(text, href) {
    const a = el("a", text);
    a.href = href;
    return a;
  }
  function showPanel(parts) {
    body.replaceChildren(...parts);
    panel.hidden = false;
  }
  function facts(rows) {
    const dl = el("dl", null, "facts");
    rows.forEach(([k, v]) => { if (v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); } });
    return dl;
  }
  function evidence(items) {
    const section = el("section", null, "evidence");
    section.appendChild(el("h3", `Activities and evidence (${items.length})`));
    const list = el("ol");
    items.forEach((item) => {
      const li = el("li");
      const head = el("p", null, "meta");
      head.appendChild(el("strong", item.type.replace(/([a-z])([A-Z])/g, "$1 $2")));
      head.appendChild(document.createTextNode(` · ${item.status} · ${item.year}` + (item.roles && item.roles.length ? ` · ${item.roles.join(", ")}` : "")));
      if (item.href) { head.appendChild(document.createTextNode(" · ")); head.appendChild(link("page", item.href)); }
      li.appendChild(head);
      const quote = el("blockquote", item.quote, "quote");
      if (item.sentence && item.sentence !== item.quote) quote.title = item.sentence;  // the clause's sentence
      li.appendChild(quote);
      if (item.sentence && item.sentence !== item.quote) li.appendChild(el("p", `Sentence: ${item.sentence}`, "sentence"));
      (item.inferred_from || []).forEach((q) => li.appendChild(el("p", `Inferred from: “${q}”`, "inferred")));
      if (item.section) li.appendChild(el("p", item.section, "section"));
      list.appendChild(li);
    });
    section.appendChild(list);
    return section;
  }
  function links(items) {
    const p = el("p", null, "links");
    items.filter(Boolean).forEach(([text, href], i) => {
      if (i) p.appendChild(document.createTextNode(" · "));
      p.appendChild(link(text, href));
    });
    return p;
  }
  function sparqlLinks(sparql) {
    return sparql ? [["Reproduce in the SPARQL editor", sparql.editor], ["Results as JSON", sparql.results]] : [];
  }
  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const payload = await response.json();
    if (!response.ok) throw new Error(payload.error ? payload.error.message : response.statusText);
    return payload;
  }
  function failed(message) { showPanel([el("h2", "Could not load the details"), el("p", message)]); }

  async function openNode(id) {
    const n = byId.get(id);
    showPanel([el("h2", n ? n.name : id), el("p", "Loading…", "hint")]);
    try {
      const d = await fetchJson("/explore/node?iri=" + encodeURIComponent(id));
      const agencyId = n && n.agency ? n.agencyId : null;
      showPanel([
        el("h2", d.label), el("p", d.kind.replace(/([a-z])([A-Z])/g, "$1 $2"), "kind"), facts(d.facts),
        links([d.href ? ["Linked-data page", d.href] : null, agencyId ? ["Neighbourhood", "/explore/agency/" + encodeURIComponent(agencyId)] : null,
          ...sparqlLinks(d.sparql)]),
        evidence(d.evidence),
      ]);
      panel.dataset.kind = "node";
      panel.dataset.iri = id;
    } catch (err) { failed(err.message); }
  }
  async function openEdge(e) {
    if (e.layer === "gaps") {
      const theme = e.theme ? data.themes.find((t) => t.id === e.theme) : null;
      showPanel([el("h2", (e.gap === "planned" ? "Gap (joint work only planned): " : "Gap: ") + byId.get(e.from).name + " — " +
        byId.get(e.to).name + (theme ? " on " + theme.label : "")),
        el("p", e.explanation, "explanation")]);
      panel.dataset.kind = "gap";
      return;
    }
    if (e.layer !== "collaboration") { openNode(e.from); return; }
    showPanel([el("h2", "Collaboration"), el("p", "Loading…", "hint")]);
    try {
      const d = await fetchJson(`/explore/edge?a=${encodeURIComponent(e.from)}&b=${encodeURIComponent(e.to)}`);
      showPanel([el("h2", d.label), facts(d.facts),
        links([...d.links.filter((l) => l.href).map((l) => [l.label, l.href]), ...sparqlLinks(d.sparql)]), evidence(d.evidence)]);
      panel.dataset.kind = "edge";
    } catch (err) { failed(err.message); }
  }
  api.openNode = openNode;
  network.on("click", (params) => {
    if (params.nodes.length) openNode(params.nodes[0]);
    else if (params.edges.length) openEdge(edges.get(params.edges[0]));
  });

  if (data.focus && byId.has(data.focus)) {
    $("focus-name").textContent = byId.get(data.focus).name;
    network.selectNodes([data.focus]);
  }
  resize();
  apply();
  network.fit({ animation: false });
  network.once("afterDrawing", () => {  // the first full drawing with sizes and filters applied
    api.drawnAt = performance.now();
    api.ready = true;
  });
  network.redraw();
})();
