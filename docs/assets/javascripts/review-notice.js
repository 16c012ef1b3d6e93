// Shows the "due for review" notice when the page is read after its next_review date.
// Runs in the browser (not at build time) so a copy opened from disk years later still warns.
(function () {
  "use strict";
  document.querySelectorAll(".review-notice[data-next-review]").forEach(function (notice) {
    var due = new Date(notice.getAttribute("data-next-review") + "T00:00:00");
    if (!isNaN(due.getTime()) && Date.now() >= due.getTime()) {
      notice.hidden = false;
    }
  });
})();
