// Keeps the demo page up to date without losing what a person is typing: every 2 s it reads /demo again and
// patches the page in place, changing only what changed. A form control that has focus or that the person has
// changed since it was drawn is never touched, and is never moved or removed while it holds their input.
// The console's forms are sent in the background, so one form's submission leaves the others as they are.
(() => {
  const EVERY_MS = 2000;
  const edited = new WeakSet();
  const isControl = (node) => node.nodeType === 1 && /^(INPUT|SELECT|TEXTAREA)$/.test(node.tagName);
  const held = (control) => control === document.activeElement || edited.has(control);
  const holdsInput = (node) =>
    node.nodeType === 1 && (isControl(node) ? held(node) : [...node.querySelectorAll("input,select,textarea")].some(held));
  const keyOf = (node) => (node.nodeType === 1 ? node.getAttribute("data-key") : null);
  const sameKind = (a, b) => a.nodeType === b.nodeType && a.nodeName === b.nodeName;

  function patch(live, next) {
    if (live.nodeType !== 1) {
      if (live.nodeValue !== next.nodeValue) live.nodeValue = next.nodeValue;
      return;
    }
    if (isControl(live) && held(live)) return;
    for (const { name } of [...live.attributes]) if (!next.hasAttribute(name)) live.removeAttribute(name);
    for (const { name, value } of [...next.attributes]) if (live.getAttribute(name) !== value) live.setAttribute(name, value);
    const drawn = isControl(next) ? next.value : null; // read before patchChildren moves any option over
    patchChildren(live, next);
    if (drawn !== null && live.value !== drawn) live.value = drawn;
  }

  function patchChildren(live, next) {
    const wanted = new Set([...next.children].map(keyOf).filter(Boolean));
    for (const child of [...live.children]) {
      if (keyOf(child) && !wanted.has(keyOf(child)) && !holdsInput(child)) child.remove();
    }
    let cursor = live.firstChild;
    for (const incoming of [...next.childNodes]) {
      const key = keyOf(incoming);
      let match = key ? [...live.children].find((child) => keyOf(child) === key) : null;
      if (!key && cursor && !keyOf(cursor) && sameKind(cursor, incoming)) match = cursor;
      if (!match) {
        live.insertBefore(incoming, cursor);
      } else {
        if (match === cursor) cursor = cursor.nextSibling;
        else live.insertBefore(match, cursor);
        patch(match, incoming);
      }
    }
    while (cursor) {
      const following = cursor.nextSibling;
      if (!holdsInput(cursor)) cursor.remove();
      cursor = following;
    }
  }

  const problem = () => document.getElementById("problem");
  let refreshing = null;
  let again = false; // a refresh asked for while one runs: that one may have read the page before the change
  async function refresh() {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        const answer = await fetch("/demo", { cache: "no-store" });
        const page = new DOMParser().parseFromString(await answer.text(), "text/html");
        const before = problem() ? problem().textContent : "";
        patch(document.querySelector("main"), page.querySelector("main"));
        if (problem()) problem().textContent = before;
        document.documentElement.dataset.refreshed = String(Date.now());
      } catch (e) {
        // The demo stopped or is restarting: try again at the next tick.
      } finally {
        refreshing = null;
        if (again) {
          again = false;
          refresh();
        }
      }
    })();
    return refreshing;
  }

  document.addEventListener("input", (event) => isControl(event.target) && edited.add(event.target));
  document.addEventListener("change", (event) => isControl(event.target) && edited.add(event.target));
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    event.preventDefault();
    let words = "";
    try {
      // form.action would be the hidden input named "action", so the attribute is read.
      const answer = await fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(new FormData(form)) });
      if (answer.ok) sent(form);
      else words = await answer.text();
    } catch (e) {
      words = "the demo did not answer; is it still running?";
    }
    if (problem()) problem().textContent = words;
    await refresh();
  });

  /** A form that went through: its controls are the page's again, and its text boxes empty. */
  function sent(form) {
    for (const control of form.querySelectorAll("input,select,textarea")) {
      edited.delete(control);
      if (control.type !== "hidden" && control.tagName !== "SELECT") control.value = "";
    }
    if (form.contains(document.activeElement)) document.activeElement.blur();
  }
  setInterval(refresh, EVERY_MS);
})();
