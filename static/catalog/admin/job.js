// The job page (templates/admin/catalog/job/job.html): poll the job's status, redraw its progress,
// and reload the page once the job has finished (the result is rendered by the server).
(function () {
  "use strict";
  var section = document.getElementById("job");
  var url = section && section.getAttribute("data-status-url");
  if (!url) return;
  var bar = document.getElementById("job-bar");
  var count = document.getElementById("job-count");
  var message = document.getElementById("job-message");
  var state = document.getElementById("job-state");
  var delay = 1000;

  function draw(status) {
    state.textContent = status.state_label;
    message.textContent = status.message;
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
      count.textContent = status.done + "/" + status.total + "（" + status.percent + "%）";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        draw(status);
        if (status.finished || status.stale) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
