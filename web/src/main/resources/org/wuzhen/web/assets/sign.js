// Signs objects in the browser with WebCrypto Ed25519 (votes, opinions, false-positive reports).
// The member's key file is read into this page and never sent: the node prepares the objects and
// the bytes to sign (form attribute data-prepare), only the signatures go back.
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
    var fields = new URLSearchParams();
    form.querySelectorAll("[data-sign-field]").forEach(function (input) {
      fields.append(input.name, input.value);
    });
    var reply = await fetch(form.getAttribute("data-prepare") + "?" + fields.toString(), {
      credentials: "same-origin"
    });
    if (!reply.ok) {
      throw new Error("the node could not prepare it (" + reply.status + ")");
    }
    var prepared = await reply.json();
    var signatures = [];
    for (var i = 0; i < prepared.messages.length; i++) {
      var message = Uint8Array.from(atob(prepared.messages[i]), function (c) { return c.charCodeAt(0); });
      signatures.push(base64Of(new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, message))));
    }
    form.querySelector("input[name=objects]").value = JSON.stringify(prepared.objects);
    form.querySelector("input[name=signatures]").value = signatures.join(",");
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("signed")) {
      return;
    }
    event.preventDefault();
    var status = form.querySelector(".sign-status");
    status.textContent = "signing…";
    sign(form).catch(function (e) {
      status.textContent = "Not signed: " + e.message;
    });
  });
})();
