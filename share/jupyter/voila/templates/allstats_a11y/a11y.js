/* allstats: what makes a whole page accessible (WCAG 2.1 AA), inlined in the Voila app's pages
   (template allstats_a11y) and in the handout (scripts/build_html.py); nothing is fetched.

   - The notebook is the page's main landmark: the handout has nbconvert's <main>; Voila 0.5
     moves the rendered cells into a JupyterLab shell outside any landmark, so the element that
     holds all the cells gets role="main".
   - A table (or any content) wider than its column scrolls inside its own box, never the page
     (reflow at 320 CSS px); a keyboard user must be able to reach that box to scroll it, so each
     box that scrolls sideways becomes a named, focusable region, and stops being one when it no
     longer scrolls (a wider window). */
(function () {
  "use strict";
  const MARK = "data-allstats-scroller";

  function scrolls(el) {
    if (el.scrollWidth <= el.clientWidth + 1) return false;
    const overflow = getComputedStyle(el).overflowX;
    return overflow === "auto" || overflow === "scroll";
  }

  function nameOf(el) {
    const table = el.querySelector("table");
    if (!table) return "Wide content, scrolls sideways";
    const caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return `${caption.textContent.trim()}, scrolls sideways`;
    const heads = [...table.querySelectorAll("thead th, tr:first-child th")]
      .map((th) => th.textContent.trim()).filter(Boolean).slice(0, 3);
    return heads.length ? `Table of ${heads.join(", ")}, scrolls sideways`
                        : "Table, scrolls sideways";
  }

  function scrollerOf(node, root) {
    for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
      if (scrolls(el)) return el;
    }
    return null;
  }

  function commonAncestor(nodes) {
    let box = nodes[0] && nodes[0].parentElement;
    while (box && !nodes.every((n) => box.contains(n))) box = box.parentElement;
    return box;
  }

  function landmark() {
    const cells = [...document.querySelectorAll(".jp-Cell")];
    if (!cells.length || cells[0].closest("main, [role='main']")) return;
    const box = commonAncestor(cells);
    if (box && box !== document.body && box !== document.documentElement) {
      box.setAttribute("role", "main");
      box.setAttribute("aria-label", document.title || "notebook");
    }
  }

  function update() {
    landmark();
    const root = document.body;
    const found = new Set();
    for (const node of root.querySelectorAll("table, pre")) {
      const box = scrollerOf(node, root);
      if (box && !box.closest(".allstats-explorer")) found.add(box);
    }
    for (const box of found) {
      if (!box.hasAttribute(MARK)) {
        box.setAttribute(MARK, "");
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
      }
    }
    for (const box of root.querySelectorAll(`[${MARK}]`)) {
      if (!found.has(box)) {
        box.removeAttribute(MARK);
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  let timer = 0;
  function soon() { clearTimeout(timer); timer = setTimeout(update, 100); }
  function start() {
    update();
    window.addEventListener("resize", soon);
    new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
  }
  window.allstatsScrollers = update;   // the browser tests call it after a resize
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
