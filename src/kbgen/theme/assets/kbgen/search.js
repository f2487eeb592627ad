/* kbgen's header search: material's search box, answered by Pagefind.
 *
 * Nothing of Pagefind is fetched until the reader opens the search (focus, the search button,
 * or the "/" key). Each result shows its kind (theme, finding...) and its source. Results are
 * built as DOM nodes from text, never as HTML; only Pagefind's <mark> highlights are kept.
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-kbgen-search]");
  if (!root) return;
  const toggle = document.getElementById("__search");
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = document.getElementById("kbgen-search-status");
  const list = document.getElementById("kbgen-search-results");
  const base = new URL(root.dataset.kbgenSearch.replace(/\/?$/, "/"), document.baseURI);
  const PAGE = 10;
  let pagefind = null;
  let current = { term: "", results: [], shown: 0, serial: 0 };
  let opener = null;

  /** Pagefind, imported on first use (its index is fetched in chunks, only as a search needs them).
   * A large site's index comes in several bundles, listed in kbgen-bundles.json; they are merged. */
  function load() {
    if (!pagefind) {
      const bundle = new URL("pagefind/", base);
      pagefind = import(new URL("pagefind.js", bundle).href).then(async (pf) => {
        // A theme or account named by the query comes before the findings that mention it.
        const options = { baseUrl: base.pathname, ranking: { metaWeights: { topic: 100, subject: 40, kind: 0 } } };
        await pf.options(options);
        const more = await fetch(new URL("kbgen-bundles.json", bundle)).then((r) => (r.ok ? r.json() : []), () => []);
        for (const folder of more) {
          await pf.mergeIndex(new URL(folder, base).href, options);
        }
        await pf.init();
        return pf;
      });
      pagefind.catch(() => say("Search is not available: this site has no search index."));
    }
    return pagefind;
  }
  window.kbgenPagefind = load; // the findings explorer shares it

  function say(text) {
    status.textContent = text;
  }

  function open(from) {
    opener = from || document.activeElement;
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    load();
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
    if (opener && opener !== input && document.contains(opener)) opener.focus();
  }

  /** A result's excerpt as text nodes, with Pagefind's <mark> highlights kept as <mark> elements. */
  function excerpt(html) {
    const p = document.createElement("p");
    p.className = "kbgen-search-result__excerpt";
    const parts = html.split(/<mark>|<\/mark>/);
    parts.forEach((part, i) => {
      const text = document.createTextNode(decode(part));
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.append(text);
        p.append(mark);
      } else {
        p.append(text);
      }
    });
    return p;
  }

  /** Pagefind escapes the text it stores; turn its entities back into characters. */
  function decode(text) {
    const area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link kbgen-search-result";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("div");
    title.className = "kbgen-search-result__title";
    title.textContent = data.meta.title || data.url;
    const about = document.createElement("p");
    about.className = "kbgen-search-result__about";
    about.textContent = [data.meta.kind || "Page", data.meta.source].filter(Boolean).join(" · ");
    article.append(title, about, excerpt(data.excerpt || ""));
    link.append(article);
    li.append(link);
    return li;
  }

  async function showMore() {
    const { results, shown, serial } = current;
    const next = results.slice(shown, shown + PAGE);
    const data = await Promise.all(next.map((r) => r.data()));
    if (serial !== current.serial) return;
    list.querySelector(".kbgen-search__more")?.remove();
    data.forEach((d) => list.append(item(d)));
    current.shown = shown + next.length;
    if (current.shown < results.length) {
      const li = document.createElement("li");
      li.className = "md-search-result__item kbgen-search__more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-search-result__more kbgen-search__more-button";
      button.textContent = `Show more results (${results.length - current.shown} more)`;
      button.addEventListener("click", () => {
        const first = current.shown;
        showMore().then(() => list.querySelectorAll("a")[first]?.focus());
      });
      li.append(button);
      list.append(li);
    }
  }

  async function search(term) {
    const serial = ++current.serial;
    if (!term.trim()) {
      list.replaceChildren();
      say("Type to search the evidence");
      return;
    }
    const pf = await load();
    const found = await pf.search(term);
    if (serial !== current.serial || !found) return;
    current = { term, results: found.results, shown: 0, serial };
    list.replaceChildren();
    const n = found.results.length;
    await showMore();
    if (serial !== current.serial) return;
    // Announced once the first results are on screen, so the count and the list never disagree.
    say(n ? `${n} ${n === 1 ? "result" : "results"} for “${term}”` : `No results for “${term}”`);
  }

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 120);
  });
  input.addEventListener("focus", () => open(opener));
  form.addEventListener("reset", () => setTimeout(() => search(""), 0));
  form.addEventListener("submit", (event) => {
    const first = list.querySelector("a");
    if (first) {
      event.preventDefault(); // Enter opens the best result; without results, the explorer gets the query
      first.click();
    }
  });
  document.querySelectorAll("[data-kbgen-search-open]").forEach((button) =>
    button.addEventListener("click", () => open(button)));
  toggle?.addEventListener("change", () => {
    if (!toggle.checked && document.activeElement === input) input.blur();
  });

  root.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a, button")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing || event.altKey) return;
    if ((event.key === "/" && !event.ctrlKey && !event.metaKey) ||
        (event.key === "k" && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      open(target);
    }
  });

  if (document.getElementById("kbgen-explorer")) {
    const script = document.createElement("script");
    script.src = new URL("assets/kbgen/explorer.js", base).href;
    script.dataset.base = base.href;
    document.head.append(script);
  }
})();
