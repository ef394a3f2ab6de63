// Signs a vote in the browser with WebCrypto Ed25519. The member's key file is read into this page
// and never sent: the node prepares the vote and the bytes to sign, only the signature goes back.
(function () {
  "use strict";

  function derOf(pem) {
    var body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
    var bytes = atob(body);
    var der = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) {
      der[i] = bytes.charCodeAt(i);
    }
    return der;
  }

  function base64Of(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text);
  }

  async function sign(form) {
    var file = form.querySelector("input.key-file").files[0];
    if (!file) {
      throw new Error("choose your member's key file first");
    }
    var pem = await file.text();
    if (pem.indexOf("-----BEGIN PRIVATE KEY-----") < 0) {
      throw new Error("the file is not a PEM private key (PKCS#8)");
    }
    var key = await crypto.subtle.importKey("pkcs8", derOf(pem), { name: "Ed25519" }, false, ["sign"]);
    var query =
      "?proposal=" + encodeURIComponent(form.querySelector("input[name=proposal]").value) +
      "&choice=" + encodeURIComponent(form.querySelector("select[name=choice]").value);
    var reply = await fetch("/ui/governance/prepare/" + query, { credentials: "same-origin" });
    if (!reply.ok) {
      throw new Error("the node could not prepare the vote (" + reply.status + ")");
    }
    var prepared = await reply.json();
    var message = Uint8Array.from(atob(prepared.message), function (c) { return c.charCodeAt(0); });
    var signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, message));
    form.querySelector("input[name=vote]").value = prepared.vote;
    form.querySelector("input[name=signature]").value = base64Of(signature);
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("vote")) {
      return;
    }
    event.preventDefault();
    var status = form.querySelector(".vote-status");
    status.textContent = "signing…";
    sign(form).catch(function (e) {
      status.textContent = "Not signed: " + e.message;
    });
  });
})();
