// A table wider than the screen scrolls sideways inside Material's wrapper: such a wrapper is
// made reachable with Tab (then the arrow keys scroll it) and named, so a keyboard user can read
// the whole table (WCAG 2.2 2.1.1; axe-core's scrollable-region-focusable).
function markScrollingTables() {
  const wraps = document.querySelectorAll(".md-typeset__scrollwrap");
  wraps.forEach((wrap, index) => {
    if (wrap.scrollWidth > wrap.clientWidth) {
      const header = [...wrap.querySelectorAll("th")].map((th) => th.textContent.trim());
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", `Table ${index + 1}, scrolls sideways: ${header.join(", ")}`);
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  });
}
document$.subscribe(markScrollingTables);
window.addEventListener("resize", markScrollingTables);
