package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint a node adds beside TAXII (governance views, transparency log proofs, federation
 * status, the console). Templates live under {@code /wuzhen/} (JSON for machines) or {@code /ui/}
 * (the console's pages; {@code /} itself too), start and end with {@code /}, and {@code {name}}
 * matches one path segment; MISP's feed paths live under {@code /misp/} and may end in a file
 * segment ({@code /misp/feeds/{collection}/{file}}). Extension routes are tried before the TAXII
 * routes. Authenticated routes use the same Basic and Bearer credentials as TAXII. A route reads
 * stored objects and log leaves only through {@link ExtensionRequest#reader()}, the node's one read
 * decision bound to the caller, so it shows nothing the TAXII endpoints would withhold.
 *
 * @param method GET, POST, PUT or DELETE
 */
public record ExtensionRoute(
    String method, String template, boolean authenticated, Endpoint endpoint) {
  /** Largest request body an extension route reads. */
  public static final int MAX_BODY_BYTES = 10 << 20;

  /** Handles one request. May throw {@link ExtensionException} to refuse it. */
  @FunctionalInterface
  public interface Endpoint {
    ExtensionReply handle(ExtensionRequest request);
  }

  public ExtensionRoute {
    requireNonNull(method, "method");
    requireNonNull(template, "template");
    requireNonNull(endpoint, "endpoint");
    if (!java.util.Set.of("GET", "POST", "PUT", "DELETE").contains(method)) {
      throw new IllegalArgumentException("unsupported method for an extension route: " + method);
    }
    boolean underPrefix = template.startsWith("/wuzhen/") || template.startsWith("/ui/");
    boolean directory = (underPrefix || template.equals("/")) && template.endsWith("/");
    // MISP fetches feeds as files (manifest.json, <uuid>.json): under /misp/ a template may end
    // in a file segment, matched only by a path without the trailing '/'.
    boolean misp = template.startsWith("/misp/") && template.length() > "/misp/".length();
    if (!directory && !misp) {
      throw new IllegalArgumentException(
          "an extension route template is '/' or starts with '/wuzhen/' or '/ui/' and ends with"
              + " '/', or starts with '/misp/': "
              + template);
    }
  }

  public static ExtensionRoute get(String template, Endpoint endpoint) {
    return new ExtensionRoute("GET", template, true, endpoint);
  }

  public static ExtensionRoute publicGet(String template, Endpoint endpoint) {
    return new ExtensionRoute("GET", template, false, endpoint);
  }

  public static ExtensionRoute post(String template, Endpoint endpoint) {
    return new ExtensionRoute("POST", template, true, endpoint);
  }

  /**
   * A POST without TAXII credentials: the console's forms, whose caller comes from its own session
   * ({@link ConsoleLogins}).
   */
  public static ExtensionRoute publicPost(String template, Endpoint endpoint) {
    return new ExtensionRoute("POST", template, false, endpoint);
  }
}
