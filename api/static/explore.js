/* jha-kg explorer: draws the server's network (positions precomputed, physics off), filters it
 * in place, shows the same filtered data as an agency matrix, and opens evidence panels. Every text
 * from the report goes into the page through textContent or as a DOM element built here: never as
 * HTML. */
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

  // Labels: the agencies' stay readable at every zoom (their font grows as the view zooms out, so
  // it keeps AGENCY_LABEL_PX on screen), the others are drawn only from OTHER_LABEL_PX on screen
  // (vis-network's drawThreshold) and are always in the hover tooltip.
  const FONT = "sans-serif", FONT_PX = 14, AGENCY_LABEL_PX = 15, OTHER_LABEL_PX = 11;
  const INK = "#343434";
  // Filters grey out instead of hiding, so the network keeps its shape (one rule for every filter).
  const GREY = { ink: "#9aa1ad", edge: "#dde1e8", fill: "#eceef2", border: "#c5cad3" };
  const greyNode = { background: GREY.fill, border: GREY.border,
    highlight: { background: GREY.fill, border: "#8d96a5" }, hover: { background: GREY.fill, border: "#8d96a5" } };
  // the selected node's edges in the agencies' blue (vis-network's default grey would read as greyed out)
  const EDGE = { color: "#8aa1c1", highlight: "#1f4e99", hover: "#5b7fb5", opacity: 0.7 };
  const GREY_EDGE = { color: GREY.edge, highlight: "#aab2bf", hover: "#aab2bf", opacity: 1 };
  // Agency labels are drawn bold through vis-network's "html" multi-font mode: its only markup is
  // <b>/<i>/<code> and the entities &lt; and &amp;, so escaping those two keeps the name as text.
  const boldLabel = (text) => "<b>" + String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;") + "</b>";

  const byId = new Map();
  data.nodes.forEach((n) => {
    byId.set(n.id, n);
    n.short = n.label;  // the plain label (the matrix shows it)
    n.baseColor = n.color;  // restored when a filter no longer greys the node
    if (n.title) n.title = asTooltip(n.title);
    if (n.agency) n.label = boldLabel(n.label);
  });
  data.edges.forEach((e) => { if (e.title) e.title = asTooltip(e.title); });
  const big = data.nodes.length > 800;
  const agencyNodes = data.nodes.filter((n) => n.layer === "organisation" && n.agency)
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));  // the overview's order

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: !big, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false },
    nodes: { font: { size: FONT_PX, face: FONT, color: INK }, borderWidth: 1, scaling: { label: { drawThreshold: OTHER_LABEL_PX } } },
    edges: { smooth: false, selectionWidth: 2 },
  };
  const network = new vis.Network($("network"), { nodes, edges }, options);

  const greyed = new Set();  // organisations with no collaboration passing the filters
  const passing = new Map();  // collaboration edge id → joint activities passing the filters
  const api = { network, nodes, edges, data, ready: false, drawnAt: null, applied: 0, view: "graph" };
  api.visibleNodeIds = () => nodes.get({ filter: (n) => !n.hidden }).map((n) => n.id);  // drawn, greyed or not
  api.greyedNodeIds = () => [...greyed];
  api.activeNodeIds = () => api.visibleNodeIds().filter((id) => !greyed.has(id));
  api.activeEdgePairs = () => data.edges.filter((e) => e.layer === "collaboration" && passing.get(e.id) > 0).map((e) => [e.from, e.to]);
  api.drawnNodeCount = () => network.body.nodeIndices.length;
  // On-screen size of a label (font px × zoom, as vis-network draws it) and whether vis-network draws it.
  api.labelPx = (id) => network.body.nodes[id].labelModule.fontOptions.size * network.getScale();
  api.labelDrawn = (id) => network.body.nodes[id].labelModule.visible();
  api.agencyLabelPx = () => Object.fromEntries(agencyNodes.map((n) => [n.id, api.labelPx(n.id)]));
  window.jhakgNetwork = api;

  const shift = new Map();  // agency → how far its label moves (canvas units) so it does not cover another
  function font(n) {
    const color = greyed.has(n.id) ? GREY.ink : INK;
    if (!n.agency) return { size: FONT_PX, face: FONT, color };
    const size = Math.max(FONT_PX, AGENCY_LABEL_PX / network.getScale());
    const vadjust = shift.get(n.id) || 0;
    return { size, face: FONT, color, vadjust, multi: "html", bold: { size, face: FONT, color, vadjust, mod: "bold" },
      strokeWidth: 3, strokeColor: "rgba(255,255,255,0.85)" };
  }

  // The agencies sit close together at the centre of the network: at a fixed screen size their
  // labels would overlap. Top to bottom, each label takes the first free place of: below its node
  // (vis-network's place), above it, then further down or up.
  const measure = document.createElement("canvas").getContext("2d");
  function placeLabels(scale) {
    const px = Math.max(FONT_PX * scale, AGENCY_LABEL_PX), h = 1.2 * px;
    measure.font = `bold ${px}px ${FONT}`;
    const at = network.getPositions(agencyNodes.map((n) => n.id));
    const placed = [];
    shift.clear();
    [...agencyNodes].sort((a, b) => at[a.id].y - at[b.id].y).forEach((n) => {
      const r = (network.body.nodes[n.id].options.size || 0) * scale;
      const x = at[n.id].x * scale, w = measure.measureText(n.short).width + 6;
      const below = (at[n.id].y + 3) * scale + r, above = at[n.id].y * scale - r - 3 - h;  // label tops on screen
      const free = (top) => !placed.some((b) => x - w / 2 < b.right && b.left < x + w / 2 && top < b.bottom && b.top < top + h);
      const top = [below, above, below + h, above - h, below + 2 * h, above - 2 * h].find(free) ?? below;
      placed.push({ left: x - w / 2, right: x + w / 2, top, bottom: top + h });
      shift.set(n.id, (top - below) / scale);
    });
  }
  let labelScale = null;
  function syncLabels() {  // on every zoom, fit, focus or move: vis-network's "zoom" fires for the user's only
    const scale = network.getScale();
    if (scale === labelScale) return;
    labelScale = scale;
    placeLabels(scale);
    nodes.update(agencyNodes.map((n) => ({ id: n.id, font: font(n) })));
  }
  network.on("zoom", syncLabels);
  network.on("beforeDrawing", syncLabels);

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
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  // The gap layer shows /api/gaps's pair gaps for the chosen theme (overall ones without a theme).
  const themeId = () => (state.theme === "" ? null : data.themes[Number(state.theme)].id);

  function apply() {
    const ok = data.activities.map((_a, i) => passes(i));
    const gapTheme = themeId();
    let gapsShown = 0;
    const activeOrgs = new Set();
    const edgeUpdates = [];
    let links = 0, pairs = 0;
    data.edges.forEach((e) => {
      if (e.layer !== "collaboration") return;
      const n = e.activities.reduce((acc, i) => acc + (ok[i] ? 1 : 0), 0);
      passing.set(e.id, n);
      pairs += 1;
      if (n) { activeOrgs.add(e.from); activeOrgs.add(e.to); links += 1; }
      const a = byId.get(e.from), b = byId.get(e.to);
      edgeUpdates.push({  // an edge with nothing passing stays, thin and grey: the network keeps its shape
        id: e.id, width: n ? 1 + 1.6 * Math.sqrt(n) : 0.6, color: n ? EDGE : GREY_EDGE,
        title: asTooltip(`${a ? a.name : e.from} — ${b ? b.name : e.to}: ` +
          `${n} of ${plural(e.activities.length, "joint activity", "joint activities")} ${n === 1 ? "passes" : "pass"} the filters ` +
          "(click for the evidence)"),
      });
    });
    const nodeUpdates = [];
    const visible = new Set();
    greyed.clear();
    data.nodes.forEach((n) => {
      if (n.layer === "organisation") {  // always drawn; greyed when none of its collaborations passes
        const grey = !activeOrgs.has(n.id);
        if (grey) greyed.add(n.id);
        visible.add(n.id);
        nodeUpdates.push({ id: n.id, hidden: false, color: grey ? greyNode : n.baseColor, font: font(n) });
        return;
      }
      const hidden = !state.layers[n.layer] || !n.activities.some((i) => ok[i]);  // layers show and hide
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
    const orgs = data.nodes.filter((n) => n.layer === "organisation").length;
    $("counts").textContent = `${links} of ${plural(pairs, "pair", "pairs")} active, ` +
      `${orgs - greyed.size} of ${plural(orgs, "organisation", "organisations")}` +
      (visible.size > orgs ? `; ${plural(visible.size - orgs, "layer node", "layer nodes")} shown` : "") + "." +
      (state.layers.gaps ? ` ${gapsShown} gap${gapsShown === 1 ? "" : "s"}` +
        (gapTheme ? " on this theme." : " overall" + (gapsShown ? "." : ": choose a theme to see where pairs do not work together there.")) : "");
    drawMatrix();
    api.applied += 1;
  }

  // -- matrix -----------------------------------------------------------------------------------
  // The agency × agency matrix of the same filtered data: per pair, the joint activities passing the
  // filters (the overview's matrix, which /api/collaborations counts, under any filter of the page).
  function drawMatrix() {
    const index = new Map(agencyNodes.map((n, i) => [n.id, i]));
    const counts = agencyNodes.map(() => agencyNodes.map(() => 0));
    data.edges.forEach((e) => {
      const i = index.get(e.from), j = index.get(e.to);
      if (e.layer !== "collaboration" || i === undefined || j === undefined) return;
      counts[i][j] = counts[j][i] = passing.get(e.id) || 0;
    });
    const max = Math.max(1, ...counts.flat());
    const head = el("tr");
    head.appendChild(el("th"));
    agencyNodes.forEach((b) => {
      const th = el("th");
      th.scope = "col";
      th.appendChild(link(b.short, b.href));
      head.appendChild(th);
    });
    const rows = el("tbody");
    agencyNodes.forEach((a, i) => {
      const row = el("tr");
      const th = el("th");
      th.scope = "row";
      th.appendChild(link(a.short, a.href));
      row.appendChild(th);
      agencyNodes.forEach((b, j) => {
        if (i === j) { row.appendChild(el("td", null, "diag")); return; }
        const c = counts[i][j];
        const td = el("td", null, `cell heat-${Math.ceil(Math.round((100 * c) / max) / 10)}`);
        td.dataset.pair = [a.agencyId, b.agencyId].sort().join("/");
        if (c) {
          const cell = link(String(c), "/collaborations/" + td.dataset.pair);
          cell.title = `${a.short} and ${b.short}: ${plural(c, "joint activity", "joint activities")} passing the filters`;
          td.appendChild(cell);
        } else {
          td.appendChild(el("span", "0", "zero"));
        }
        row.appendChild(td);
      });
      rows.appendChild(row);
    });
    const thead = el("thead");
    thead.appendChild(head);
    $("explore-matrix").replaceChildren(thead, rows);
  }

  function showView(view) {  // the matrix covers the canvas, which keeps its size and zoom underneath
    api.view = view;
    $("explorer-main").dataset.view = view;
    $("matrix-view").hidden = view !== "matrix";
    $("view-graph").setAttribute("aria-pressed", String(view === "graph"));
    $("view-matrix").setAttribute("aria-pressed", String(view === "matrix"));
    history.replaceState(null, "", view === "matrix" ? "#matrix" : location.pathname + location.search);
  }
  $("view-graph").addEventListener("click", () => showView("graph"));
  $("view-matrix").addEventListener("click", () => showView("matrix"));

  function resize() {
    const values = data.nodes.filter((n) => n.layer === "organisation").map((n) => n.measures[state.measure] || 0);
    const max = Math.max(1e-9, ...values);
    nodes.update(data.nodes.filter((n) => n.layer === "organisation").map((n) => ({
      id: n.id, size: 8 + 30 * Math.sqrt((n.measures[state.measure] || 0) / max),
    })));
    labelScale = null;  // the labels' places depend on the node sizes
    syncLabels();
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
  if (location.hash === "#matrix") showView("matrix");
  network.fit({ animation: false });
  network.once("afterDrawing", () => {  // the first full drawing with sizes and filters applied
    api.drawnAt = performance.now();
    api.ready = true;
  });
  network.redraw();
})();
