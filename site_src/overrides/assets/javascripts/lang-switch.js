// Iqama Guide: the language switch (partials/alternate.html) keeps what the reader has in the
// address: the calculator's inputs (the query string, which the calculator reads on opening and
// shows the result for) and the anchor (#fine, #cost, #ready are the same in both languages).
// The link is brought up to date just before it is followed, opened in a new tab or copied.
(() => {
  const LINK = "a.iq-lang__link";
  function update(event) {
    const link = event.target instanceof Element ? event.target.closest(LINK) : null;
    if (!link) return;
    const target = new URL(link.getAttribute("href"), location.href);
    target.search = location.search;
    target.hash = location.hash;
    link.href = target.href;
  }
  for (const type of ["pointerdown", "focusin", "click", "contextmenu"]) {
    document.addEventListener(type, update, true);
  }
})();
