// Shows the "due for review" notice when the page is read after its next_review date.
// Runs in the browser (not at build time) so a copy opened from disk years later still warns.
// Fail safe: a date this script cannot read (not YYYY-MM-DD, or not a real day) counts
// as due, so a typo can never hide the warning. The build only lets YYYY-MM-DD through.
(function () {
  "use strict";
  function dueDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!m) return null;
    var due = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));  // local midnight
    return due.getMonth() === Number(m[2]) - 1 && due.getDate() === Number(m[3]) ? due : null;
  }
  document.querySelectorAll(".review-notice[data-next-review]").forEach(function (notice) {
    var due = dueDate(notice.getAttribute("data-next-review"));
    if (due === null || Date.now() >= due.getTime()) {
      notice.hidden = false;
    }
  });
})();
