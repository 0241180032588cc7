// The progress of a bulk summons (templates/web/summons_batch.html), enhanced: every second
// the page's status is read from this origin and the <progress> bar and its text updated (the
// text sits in an aria-live region, so screen readers hear it); when the batch is no longer
// running the page is loaded again to show the report. Without this script the page's link
// reloads it by hand. No inline script: the content security policy allows only files.
(function () {
  'use strict';
  var bar = document.getElementById('fremdrift');
  var text = document.getElementById('fremdrift-tekst');
  if (!bar || !text || !bar.dataset.status) return;
  function poll() {
    fetch(bar.dataset.status, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { window.setTimeout(poll, 2000); return; }
        bar.max = Math.max(status.total, 1);
        bar.value = status.done;
        if (text.textContent !== status.text) text.textContent = status.text;
        if (status.state === 'running') window.setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
})();
