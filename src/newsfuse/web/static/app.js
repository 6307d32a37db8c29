// newsfuse serve: the only script of the pages. It asks the server every 15 seconds whether
// the store has changed (another process writing it) and then offers a reload; the pages work
// without it.
(function () {
  "use strict";
  var banner = document.getElementById("updates");
  if (!banner || !window.fetch) { return; }
  var seen = null;
  function check() {
    fetch("/status.json", { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        var mark = JSON.stringify(s.counts) + "/" + (s.last_run ? s.last_run.id + s.last_run.status : "");
        if (seen === null) { seen = mark; } else if (mark !== seen) { banner.hidden = false; }
      })
      .catch(function () {});
  }
  check();
  setInterval(check, 15000);
}());
