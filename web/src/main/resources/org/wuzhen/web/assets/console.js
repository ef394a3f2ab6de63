// The console's one script beside htmx: every htmx request carries the session's CSRF token, read
// from the page's logout form (no inline script: the Content-Security-Policy forbids it).
document.addEventListener("htmx:configRequest", function (event) {
  var field = document.querySelector("input[name=csrf]");
  if (field) {
    event.detail.headers["X-CSRF-Token"] = field.value;
  }
});

// The import page: a chosen bundle or MISP event file is read into its form's text area (the file
// itself is not uploaded as a multipart body; the node reads forms only).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.classList || !input.files || !input.files[0]) {
    return;
  }
  var area = input.classList.contains("bundle-file")
    ? "bundle"
    : input.classList.contains("misp-file") ? "misp-event" : null;
  if (!area) {
    return;
  }
  input.files[0].text().then(function (text) {
    document.getElementById(area).value = text;
  });
});
