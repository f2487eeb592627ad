/* kbgen's findings explorer: every finding, filtered by facet and text through Pagefind.
 *
 * The facets come from explorer/facets.json; their values and counts from Pagefind's filter
 * index (filters work without a search term). The address keeps the state (?q=...&theme=...), so
 * a view can be shared, and each select shows how many findings each choice would leave.
 * Everything is built from text with DOM calls, never from HTML strings.
 */
(async () => {
  "use strict";
  const root = document.getElementById("kbgen-explorer");
  const me = document.currentScript;
  if (!root || !me) return;
  const base = new URL(me.dataset.base);
  const PAGE = 20;
  let config;
  let pf;
  try {
    config = await (await fetch(new URL("explorer/facets.json", base))).json();
    pf = await window.kbgenPagefind(); // the search box's Pagefind, its bundles merged
  } catch (error) {
    root.querySelector("p")?.replaceChildren("The explorer cannot start: this site has no search index.");
    return;
  }
  const facets = config.facets;
  const all = await pf.filters();
  const params = new URLSearchParams(location.search);

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // The controls: words, then one select per facet.
  const form = el("form", { className: "kbgen-explorer__controls", role: "search" });
  form.setAttribute("aria-label", "Filter the findings");
  const query = el("input", { type: "search", id: "kbgen-explorer-q", name: "q", value: params.get("q") || "",
                              autocomplete: "off" });
  form.append(el("div", { className: "kbgen-explorer__field kbgen-explorer__search" },
    el("label", { htmlFor: query.id }, "Words in the finding or its quotes"), query));
  const selects = {};
  for (const facet of facets) {
    const values = Object.keys(all[facet.key] || {}).sort((a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const select = el("select", { id: `kbgen-explorer-${facet.key}`, name: facet.key });
    select.append(el("option", { value: "" }, "Any"));
    for (const value of values) select.append(el("option", { value }, value));
    const wanted = params.get(facet.key);
    if (wanted && values.includes(wanted)) select.value = wanted;
    const label = el("label", { htmlFor: select.id }, facet.label);
    if (facet.note) label.append(" ", el("span", { className: "kbgen-explorer__note" }, `(${facet.note})`));
    form.append(el("div", { className: "kbgen-explorer__field" }, label, select));
    selects[facet.key] = select;
  }
  const reset = el("button", { type: "button", className: "kbgen-explorer__reset" }, "Clear all filters");
  const summary = el("p", { className: "kbgen-explorer__summary", id: "kbgen-explorer-summary" });
  summary.setAttribute("role", "status");
  const results = el("ol", { className: "kbgen-explorer__results" });
  results.setAttribute("aria-labelledby", summary.id);
  const more = el("button", { type: "button", className: "kbgen-explorer__reset", hidden: true });
  root.replaceChildren(form, el("p", {}, reset), summary, results, more);

  const chosen = () => Object.fromEntries(Object.entries(selects).filter(([, s]) => s.value)
    .map(([key, s]) => [key, s.value]));

  let serial = 0;
  let found = [];
  let shown = 0;

  /** Findings matching the words and every chosen facet, with each option's count given the others. */
  async function update() {
    const mine = ++serial;
    const picked = chosen();
    const term = query.value.trim() || null;
    // Without words, search the word every finding holds: a search without any term would download
    // Pagefind's whole word index (megabytes at 10,000 findings); this one needs a single chunk.
    const search = (filters) => pf.search(term || config.every, { filters: { kind: config.kind, ...filters },
                                                                  sort: term ? undefined : { order: "asc" } });
    const main = await search(picked);
    const counts = { ...main.filters };
    await Promise.all(Object.keys(picked).map(async (key) => {
      const others = { ...picked };
      delete others[key];
      counts[key] = (await search(others)).filters[key]; // counts for switching this facet's choice
    }));
    if (mine !== serial) return;
    for (const [key, select] of Object.entries(selects)) {
      let total = 0;
      for (const option of select.options) {
        if (!option.value) continue;
        const n = (counts[key] || {})[option.value] || 0;
        total += n;
        option.textContent = `${option.value} (${n})`;
        option.disabled = n === 0 && option.value !== select.value;
      }
    }
    found = main.results;
    shown = 0;
    results.replaceChildren();
    const n = found.length;
    summary.textContent = `${n} ${n === 1 ? "finding" : "findings"}` +
      (term || Object.keys(picked).length ? " match" : "") + (n ? "" : ": loosen a filter to see more");
    await showMore(mine);
    const state = new URLSearchParams();
    if (term) state.set("q", query.value.trim());
    for (const [key, value] of Object.entries(picked)) state.set(key, value);
    const address = state.toString();
    history.replaceState(null, "", address ? `?${address}` : location.pathname);
  }

  function item(data) {
    const link = el("a", { href: data.url }, data.meta.title || data.url);
    const f = data.filters || {};
    const about = [data.meta.source, ...(f.evidence || []), (f.theme || []).join(", ")].filter(Boolean).join(" · ");
    return el("li", {}, link, el("span", { className: "kbgen-explorer__about" }, about));
  }

  async function showMore(mine) {
    const next = found.slice(shown, shown + PAGE);
    const data = await Promise.all(next.map((r) => r.data()));
    if (mine !== serial) return;
    data.forEach((d) => results.append(item(d)));
    shown += next.length;
    more.hidden = shown >= found.length;
    more.textContent = `Show ${Math.min(PAGE, found.length - shown)} more of ${found.length - shown}`;
  }

  let timer = null;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== query) update();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  reset.addEventListener("click", () => {
    query.value = "";
    Object.values(selects).forEach((s) => { s.value = ""; });
    update();
  });
  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(serial);
    results.querySelectorAll("a")[first]?.focus();
  });
  await update();
  root.dataset.ready = "true";
})();
