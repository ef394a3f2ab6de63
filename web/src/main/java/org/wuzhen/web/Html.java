package org.wuzhen.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wuzhen.taxii.ExtensionReply;

/**
 * Renders the console's precompiled templates (HTML-escaped by where each value stands) into
 * replies that carry the console's security headers. Thread-safe.
 */
final class Html {
  static final String MEDIA_TYPE = "text/html;charset=utf-8";

  /**
   * No inline script or style, nothing from elsewhere, no framing, forms only to this node. htmx
   * and the vote signer are files served by the node ({@code script-src 'self'}).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** Headers on every page and asset. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer",
          "Cross-Origin-Opener-Policy", "same-origin");

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** A page: the template rendered with its one model. */
  ExtensionReply page(int status, String template, Object model) {
    return page(status, template, model, Map.of());
  }

  ExtensionReply page(int status, String template, Object model, Map<String, String> headers) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    engine.render(template, model, out);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.getContentLength());
    try {
      out.writeTo(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
    }
    Map<String, String> all = new LinkedHashMap<>(SECURITY_HEADERS);
    all.putAll(headers);
    return new ExtensionReply(status, MEDIA_TYPE, bytes.toByteArray(), all);
  }

  /** A redirect after a form (303: the browser follows with a GET). */
  static ExtensionReply seeOther(String location, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(SECURITY_HEADERS);
    all.putAll(headers);
    all.put("Location", location);
    return new ExtensionReply(303, "text/plain;charset=utf-8", new byte[0], all);
  }
}
