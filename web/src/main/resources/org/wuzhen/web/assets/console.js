// The console's one script beside htmx: every htmx request carries the session's CSRF token, read
// from the page's logout form (no inline script: the Content-Security-Policy forbids it).
document.addEventListener("htmx:configRequest", function (event) {
  var field = document.querySelector("input[name=csrf]");
  if (field) {
    event.detail.headers["X-CSRF-Token"] = field.value;
  }
});
