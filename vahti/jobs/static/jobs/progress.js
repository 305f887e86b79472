// A job's progress bar, updated without a reload: asks the job's status every second and
// reloads the page once the job has ended (the page then shows the result or the error).
// A file, not inline script: the Content-Security-Policy allows Vahti's own scripts only.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-job-status]").forEach(function (box) {
    if (box.dataset.ended === "1") { return; }
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-job-text]");
    var count = box.querySelector("[data-job-count]");
    function ask() {
      fetch(box.dataset.jobStatus, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (job) {
          if (job.ended) { window.location.reload(); return; }
          if (bar) { bar.value = job.percent; bar.textContent = job.percent + " %"; }
          if (text) { text.textContent = job.status_text.charAt(0).toUpperCase() + job.status_text.slice(1); }
          if (count && job.text) { count.textContent = job.text; }
          window.setTimeout(ask, 1000);
        })
        .catch(function () { window.setTimeout(ask, 3000); });
    }
    window.setTimeout(ask, 1000);
  });
});
