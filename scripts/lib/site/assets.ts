/**
 * The catalogue's stylesheet and script, as text the build writes out
 * beside the pages. They live in a module, not in files read at run time, so
 * a compiled or bundled toolchain carries them along. Both are raw template
 * strings: neither may contain a backtick or a dollar sign followed by a brace.
 */

// biome-ignore lint/complexity/noUselessStringRaw: the page text is kept byte for byte as written, escapes included
export const STYLESHEET = String.raw`:root { color-scheme: light dark; --fg: #1d2125; --muted: #5f6b76; --bg: #ffffff; --line: #d8dee4; --accent: #0b63ce; --row: #f5f8fb; --focus: #ffbf47; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa7b4; --bg: #0d1117; --line: #30363d; --accent: #58a6ff; --row: #161b22; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.lead, .sub, footer, #count { color: var(--muted); }
a { color: var(--accent); }
nav a { margin-right: 14px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin: 14px 0 8px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 3px; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; }
input[type="search"] { width: 260px; }
input[type="number"] { width: 110px; }
button { cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
th button { border: 0; padding: 0; color: inherit; font-weight: 600; background: none; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.sub { display: block; font-size: 12px; }
.caps { font-size: 12px; }
tr.model { cursor: pointer; }
tr.model:hover, tr.model[aria-expanded="true"] { background: var(--row); }
tr.model:focus { outline: 3px solid var(--focus); outline-offset: -3px; }
tr.detail > td { background: var(--row); padding: 4px 8px 12px 24px; }
table.entries th, table.entries td { font-size: 13px; padding: 4px 6px; }
.status-active { color: #1a7f37; }
.status-staging { color: #9a6700; }
.status-suspended, .status-withdrawn { color: #cf222e; }
.matrix td.num { min-width: 34px; }
.matrix td.zero { color: var(--line); }
.scroll { overflow-x: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
#more { margin: 12px 0; }
footer { padding: 24px 20px; font-size: 12px; }
`;

// biome-ignore lint/complexity/noUselessStringRaw: `\u2014` and the like must reach the page as written
export const SCRIPT = String.raw`// The catalogue's behaviour: search, filters, sorting and keyboard navigation
// over the data in data.js (window.CATALOGUE), and each provider page's rows.
// No network, no dependencies; every value from the registry reaches the page
// through textContent, never as HTML.
(function () {
  "use strict";
  const data = window.CATALOGUE;
  const [PROVIDER_NAME, , PROVIDER_STATUS] = [0, 1, 2];
  const [E_MODEL, E_PROVIDER, E_PMID, E_PROTOCOLS, E_INPUT, E_OUTPUT, E_CACHE, E_CAPS, E_RPM, E_TPM] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [M_ID, M_NAME, M_MAX_IN, M_MAX_OUT, M_FAMILY] = [0, 1, 2, 3, 4];
  const PAGE = 300;

  const money = (value) => (value === null ? "—" : "$" + (value >= 100 ? value.toFixed(0) : String(+value.toFixed(4))));
  const tokens = (value) => {
    if (value === null) return "—";
    if (value >= 1e6) return +(value / 1e6).toFixed(2) + "M";
    return value >= 1000 ? Math.round(value / 1000) + "k" : String(value);
  };
  const limitsOf = (entry) => [entry[E_RPM] === null ? "" : entry[E_RPM] + " rpm", entry[E_TPM] === null ? "" : tokens(entry[E_TPM]) + " tpm"].filter(Boolean).join(", ") || "—";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // The provider page: the provider named after "#", its facts and its models in canonical id order.
  const providerBody = document.getElementById("provider-body");
  if (providerBody) {
    const showProvider = () => {
      const name = decodeURIComponent(location.hash.slice(1));
      const ordinal = data.providers.findIndex((provider) => provider[PROVIDER_NAME] === name);
      const provider = data.providers[ordinal];
      const facts = document.getElementById("provider-facts");
      facts.replaceChildren();
      providerBody.replaceChildren();
      if (!provider) {
        document.getElementById("provider-title").textContent = name === "" ? "No provider named" : "No provider named " + name;
        document.getElementById("provider-name").textContent = "";
        document.getElementById("provider-count").textContent = "See the list of providers on the catalogue's page.";
        return;
      }
      document.title = (provider[1] || provider[0]) + " — provider registry";
      document.getElementById("provider-title").textContent = provider[1] || provider[0];
      document.getElementById("provider-name").textContent = provider[0];
      const labels = [["Status", 2], ["Kind", 3], ["Billing", 4], ["Access", 5], ["API base", 6], ["Documentation", 7]];
      for (const [label, at] of labels) {
        if (provider[at] === null) continue;
        const value = el("dd");
        if (label === "Documentation") {
          const link = el("a", provider[at]);
          link.href = provider[at];
          link.rel = "noreferrer";
          value.append(link);
        } else value.textContent = provider[at];
        if (label === "Status") value.className = "status-" + provider[at];
        facts.append(el("dt", label), value);
      }
      const fragment = document.createDocumentFragment();
      let served = 0;
      for (const entry of data.entries) {
        if (entry[E_PROVIDER] !== ordinal) continue;
        served++;
        const model = data.models[entry[E_MODEL]];
        const tr = el("tr");
        const cell = el("td");
        cell.append(el("span", model[M_ID], "mono"));
        if (model[M_NAME]) cell.append(el("span", model[M_NAME], "sub"));
        tr.append(
          cell,
          el("td", entry[E_PMID], "mono"),
          el("td", entry[E_PROTOCOLS].map((i) => data.protocols[i]).join(", ")),
          el("td", money(entry[E_INPUT]), "num"),
          el("td", money(entry[E_CACHE]), "num"),
          el("td", money(entry[E_OUTPUT]), "num"),
          el("td", limitsOf(entry)),
          el("td", entry[E_CAPS].map((i) => data.capabilities[i]).join(", ") || "—", "caps"),
        );
        fragment.append(tr);
      }
      providerBody.append(fragment);
      document.getElementById("provider-count").textContent = served + (served === 1 ? " model" : " models");
    };
    addEventListener("hashchange", showProvider);
    showProvider();
    return;
  }

  const byModel = data.models.map(() => []);
  for (const entry of data.entries) byModel[entry[E_MODEL]].push(entry);

  const $ = (id) => document.getElementById(id);
  const controls = { q: $("search"), capability: $("capability"), protocol: $("protocol"), status: $("status"), price: $("max-price"), sort: $("sort") };
  const body = $("models-body");
  const count = $("count");
  const more = $("more");
  let shown = PAGE;
  const open = new Set();

  function state() {
    const price = controls.price.value.trim();
    return {
      q: controls.q.value.trim().toLowerCase(),
      capability: controls.capability.value === "" ? -1 : Number(controls.capability.value),
      protocol: controls.protocol.value === "" ? -1 : Number(controls.protocol.value),
      status: controls.status.value,
      price: price === "" || !Number.isFinite(Number(price)) ? null : Number(price),
      sort: controls.sort.value,
    };
  }

  function entryMatches(entry, s) {
    if (s.capability >= 0 && !entry[E_CAPS].includes(s.capability)) return false;
    if (s.protocol >= 0 && !entry[E_PROTOCOLS].includes(s.protocol)) return false;
    if (s.status !== "" && data.providers[entry[E_PROVIDER]][PROVIDER_STATUS] !== s.status) return false;
    if (s.price !== null && (entry[E_INPUT] === null || entry[E_INPUT] > s.price)) return false;
    return true;
  }

  function textMatches(model, entries, q) {
    if (q === "") return true;
    if (model[M_ID].includes(q) || (model[M_NAME] || "").toLowerCase().includes(q) || (model[M_FAMILY] || "").includes(q)) return true;
    return entries.some((entry) => data.providers[entry[E_PROVIDER]][PROVIDER_NAME].includes(q) || entry[E_PMID].toLowerCase().includes(q));
  }

  const cost = (entry) => (entry[E_INPUT] === null || entry[E_OUTPUT] === null ? Infinity : entry[E_INPUT] + entry[E_OUTPUT]);

  function rows() {
    const s = state();
    const filtering = s.capability >= 0 || s.protocol >= 0 || s.status !== "" || s.price !== null;
    const result = [];
    data.models.forEach((model, index) => {
      const entries = byModel[index].filter((entry) => entryMatches(entry, s));
      if (filtering && entries.length === 0) return;
      if (!textMatches(model, byModel[index], s.q)) return;
      const cheapest = entries.reduce((best, entry) => (cost(entry) < cost(best) ? entry : best), entries[0]);
      result.push({ model, index, entries, cheapest, price: cheapest ? cost(cheapest) : Infinity });
    });
    const by = {
      id: (a, b) => (a.model[M_ID] < b.model[M_ID] ? -1 : 1),
      price: (a, b) => a.price - b.price || by.id(a, b),
      context: (a, b) => (b.model[M_MAX_IN] || 0) - (a.model[M_MAX_IN] || 0) || by.id(a, b),
      providers: (a, b) => b.entries.length - a.entries.length || by.id(a, b),
    };
    return result.sort(by[s.sort] || by.id);
  }

  function detail(row) {
    const tr = el("tr", undefined, "detail");
    const td = el("td");
    td.colSpan = 6;
    const table = el("table", undefined, "entries");
    const head = el("tr");
    for (const title of ["Provider", "Status", "Model id", "Protocol", "Input", "Cached input", "Output", "Rate limits", "Capabilities"]) head.append(el("th", title));
    table.append(head);
    for (const entry of row.entries) {
      const provider = data.providers[entry[E_PROVIDER]];
      const line = el("tr");
      const cell = el("td");
      const link = el("a", provider[PROVIDER_NAME]);
      link.href = "provider.html#" + encodeURIComponent(provider[PROVIDER_NAME]);
      cell.append(link);
      const limits = limitsOf(entry);
      line.append(
        cell,
        el("td", provider[PROVIDER_STATUS], "status-" + provider[PROVIDER_STATUS]),
        el("td", entry[E_PMID], "mono"),
        el("td", entry[E_PROTOCOLS].map((i) => data.protocols[i]).join(", ")),
        el("td", money(entry[E_INPUT]), "num"),
        el("td", money(entry[E_CACHE]), "num"),
        el("td", money(entry[E_OUTPUT]), "num"),
        el("td", limits),
        el("td", entry[E_CAPS].map((i) => data.capabilities[i]).join(", ") || "—"),
      );
      table.append(line);
    }
    if (row.entries.length === 0) {
      const none = el("tr");
      const cell = el("td", "No provider serves this model yet.");
      cell.colSpan = 9;
      none.append(cell);
      table.append(none);
    }
    td.append(table);
    tr.append(td);
    return tr;
  }

  function render() {
    const list = rows();
    const fragment = document.createDocumentFragment();
    for (const row of list.slice(0, shown)) {
      const id = row.model[M_ID];
      const tr = el("tr", undefined, "model");
      tr.tabIndex = 0;
      tr.dataset.id = id;
      tr.setAttribute("aria-expanded", String(open.has(id)));
      const name = el("td");
      name.append(el("span", id, "mono"));
      if (row.model[M_NAME]) name.append(el("span", row.model[M_NAME], "sub"));
      const capabilities = new Set();
      for (const entry of row.entries) for (const i of entry[E_CAPS]) capabilities.add(data.capabilities[i]);
      const price = row.cheapest ? money(row.cheapest[E_INPUT]) + " / " + money(row.cheapest[E_OUTPUT]) : "—";
      tr.append(
        name,
        el("td", tokens(row.model[M_MAX_IN]), "num"),
        el("td", tokens(row.model[M_MAX_OUT]), "num"),
        el("td", String(row.entries.length), "num"),
        el("td", price, "num"),
        el("td", [...capabilities].sort().join(", ") || "—", "caps"),
      );
      fragment.append(tr);
      if (open.has(id)) fragment.append(detail(row));
    }
    body.replaceChildren(fragment);
    count.textContent = list.length + " of " + data.models.length + " models";
    more.hidden = list.length <= shown;
  }

  function toggle(tr) {
    const id = tr.dataset.id;
    if (open.has(id)) open.delete(id);
    else open.add(id);
    render();
    const again = body.querySelector('tr.model[data-id="' + CSS.escape(id) + '"]');
    if (again) again.focus();
  }

  body.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    const tr = event.target.closest("tr.model");
    if (tr) toggle(tr);
  });

  body.addEventListener("keydown", (event) => {
    const tr = event.target.closest("tr.model");
    if (!tr) return;
    const models = [...body.querySelectorAll("tr.model")];
    const at = models.indexOf(tr);
    let next;
    if (event.key === "ArrowDown") next = models[Math.min(at + 1, models.length - 1)];
    else if (event.key === "ArrowUp") next = models[Math.max(at - 1, 0)];
    else if (event.key === "Home") next = models[0];
    else if (event.key === "End") next = models[models.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      toggle(tr);
      return;
    } else return;
    event.preventDefault();
    if (next) next.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== controls.q && !(document.activeElement instanceof HTMLInputElement)) {
      event.preventDefault();
      controls.q.focus();
    } else if (event.key === "Escape" && document.activeElement === controls.q) {
      controls.q.value = "";
      shown = PAGE;
      render();
    } else if (event.key === "ArrowDown" && document.activeElement === controls.q) {
      const first = body.querySelector("tr.model");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  for (const control of Object.values(controls)) {
    control.addEventListener("input", () => {
      shown = PAGE;
      render();
    });
  }

  for (const button of document.querySelectorAll("button[data-sort]")) {
    button.addEventListener("click", () => {
      controls.sort.value = button.dataset.sort;
      render();
    });
  }

  more.addEventListener("click", () => {
    shown += PAGE;
    render();
  });

  render();
})();
`;
