/* Keyboard and screen-reader access for parts of Material 9.8 that only work with a
   mouse (see squidfunk/mkdocs-material#4101). Material builds its menu and search
   buttons from <label>s (the "checkbox hack"), which cannot take focus, and it adds
   the table scroll boxes, the skip link and the abbreviation tooltips in the browser,
   so these fixes have to run in the browser too. Each fix is one small function.
   Tested by tests/browser/test_keyboard.py and test_accessibility.py. */
(function () {
  "use strict";

  /* The skip link must exist on every page and land at the start of the page's own
     content. Material points it at the first "##" heading (skipping the title, the
     key-fact box and any "due for review" notice) and leaves it out on pages without
     one. Focus moves to the article, so the next Tab is the first link in it. */
  function fixSkipLink() {
    var article = document.querySelector(".md-content__inner");
    var holder = document.querySelector('[data-md-component="skip"]');
    if (!article || !holder) return;
    if (!article.id) article.id = "main-content";
    article.setAttribute("tabindex", "-1");
    var link = holder.querySelector("a.md-skip");
    if (!link) {
      link = document.createElement("a");
      link.className = "md-skip";
      link.textContent = "Skip to content";
      holder.appendChild(link);
    }
    link.setAttribute("href", "#" + article.id);
  }

  /* Material's header menu and search "buttons" are <label>s for hidden checkboxes:
     not focusable and unnamed. Put a real <button> inside (a button in a label does
     not trigger the label, so the button toggles the checkbox itself): focusable,
     named, announcing open or closed, Enter and Space for free. */
  function buttonInLabel(label, name, toggle) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__toggle";
    if (name) button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.appendChild(button);
    var sync = function () { button.setAttribute("aria-expanded", String(toggle.checked)); };
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function () { toggle.click(); });
    return button;
  }

  /* The navigation drawer on phones: a menu button that opens it and moves focus
     into it, Escape to close it, and it closes when focus leaves it. While closed,
     extra.css hides it so its links are not tabbed to off screen. */
  function fixDrawer() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var drawer = document.querySelector(".md-sidebar--primary");
    var nav = document.querySelector(".md-nav--primary");
    if (!toggle || !label || !drawer) return;
    var button = buttonInLabel(label, nav && nav.getAttribute("aria-label"), toggle);
    drawer.id = drawer.id || "__drawer_panel";
    button.setAttribute("aria-controls", drawer.id);
    var close = function () {
      if (toggle.checked) toggle.click();
    };
    toggle.addEventListener("change", function () {
      if (!toggle.checked || document.activeElement !== button) return;
      var first = drawer.querySelector("a[href]");
      if (first) first.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        close();
        button.focus();
      }
    });
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !drawer.contains(next) && next !== button) close();
    });
  }

  /* The search button shown in the header on narrow screens: it opens the search
     box and puts the cursor in it. */
  function fixSearchButton() {
    var toggle = document.getElementById("__search");
    var label = document.querySelector('.md-header label.md-header__button[for="__search"]');
    var input = document.querySelector(".md-search__input");
    if (!toggle || !label || !input) return;
    var button = buttonInLabel(label, input.getAttribute("aria-label"), toggle);
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement === button) input.focus();
    });
  }

  /* The search dialog needs an accessible name (axe aria-dialog-name, WCAG 4.1.2), and
     Material's partial has none. It takes the translated "Search" that Material puts
     on the search options, so no English is hard-coded and no template is copied. */
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var options = document.querySelector(".md-search__options[aria-label]");
    if (dialog && options && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", options.getAttribute("aria-label"));
    }
  }

  /* The light/dark switch: Material handles Enter; Space should work as well. */
  function fixPaletteToggle() {
    var form = document.querySelector('[data-md-component="palette"]');
    if (!form) return;
    form.addEventListener("keydown", function (event) {
      if (event.key !== " ") return;
      var inputs = Array.prototype.slice.call(form.querySelectorAll("input.md-option"));
      var current = inputs.findIndex(function (input) { return input.checked; });
      var next = inputs[(current + 1) % inputs.length];
      if (!next) return;
      event.preventDefault();
      next.click();
      next.focus();
    });
  }

  /* Abbreviations and key terms (content.tooltips): focusable, so the definition
     tooltip appears on keyboard focus as it does on hover. */
  function fixAbbreviations() {
    var terms = document.querySelectorAll(".md-content abbr");
    for (var i = 0; i < terms.length; i++) terms[i].setAttribute("tabindex", "0");
  }

  /* A table wider than the screen scrolls inside Material's wrapper: while it does,
     the wrapper is a named, focusable region so it can be scrolled with the keyboard
     (WCAG 2.1.1; axe rule scrollable-region-focusable). */
  function fixScrollingTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    var update = function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var headers = Array.prototype.map.call(wrap.querySelectorAll("thead th"), function (th) {
          return th.textContent.trim();
        }).filter(Boolean);
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways" + (headers.length ? ": " + headers.join(", ") : ""));
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    };
    if (!("ResizeObserver" in window)) {
      Array.prototype.forEach.call(wraps, update);
      return;
    }
    // Watch the table too: it can grow wider while its wrapper keeps its size (for
    // example inside a collapsed "details" block that is opened later).
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target.closest(".md-typeset__scrollwrap")); });
    });
    Array.prototype.forEach.call(wraps, function (wrap) {
      observer.observe(wrap);
      if (wrap.querySelector("table")) observer.observe(wrap.querySelector("table"));
    });
    document.addEventListener("toggle", function (event) {
      var inside = event.target.querySelectorAll ? event.target.querySelectorAll(".md-typeset__scrollwrap") : [];
      Array.prototype.forEach.call(inside, update);
    }, true);
  }

  /* WCAG 1.4.13: content shown on hover or focus must be dismissible without moving
     the pointer or focus. Escape hides Material's open tooltip; it shows again as soon
     as focus or the pointer moves to something else. Registered once, on document. */
  function dismissTooltipsWithEscape() {
    var dismissedOn = null;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.querySelectorAll(".md-tooltip2--active");
      Array.prototype.forEach.call(open, function (tip) { tip.classList.add("md-tooltip2--dismissed"); });
      if (open.length) dismissedOn = document.activeElement;
    });
    var restore = function (event) {
      if (dismissedOn === null || event.target === dismissedOn) return;
      dismissedOn = null;
      Array.prototype.forEach.call(document.querySelectorAll(".md-tooltip2--dismissed"), function (tip) {
        tip.classList.remove("md-tooltip2--dismissed");
      });
    };
    document.addEventListener("focusin", restore);
    document.addEventListener("mouseover", restore);
  }

  dismissTooltipsWithEscape();

  function init() {
    fixSkipLink();
    fixDrawer();
    fixSearchButton();
    nameSearchDialog();
    fixPaletteToggle();
    fixAbbreviations();
    fixScrollingTables();
  }

  /* Material's document$ fires once its own components (tables, tooltips) are in place. */
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
