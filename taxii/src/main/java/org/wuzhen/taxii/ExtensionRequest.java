package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.store.CollectionId;

/**
 * One request to an {@link ExtensionRoute}: its method, the values of the route template's
 * parameters, the URL parameters, the caller (present on authenticated routes), the body (empty
 * when none; at most {@link ExtensionRoute#MAX_BODY_BYTES}), and the {@link ObjectReader} bound to
 * the caller: the one way a route reads stored objects and log leaves, decided as the TAXII
 * endpoints decide.
 *
 * @param headers the request's headers by lower-case name (the first value of each)
 * @param secure whether the client reached the node over TLS (natively, or through the proxy of a
 *     {@code https} public URL)
 * @param clientAddress the address the request came from (login failure budgets are kept per
 *     address)
 * @param logins the API's password logins, for the console's sessions
 */
public record ExtensionRequest(
    String method,
    Map<String, String> path,
    Map<String, List<String>> query,
    Optional<Caller> caller,
    byte[] body,
    ObjectReader reader,
    Map<String, String> headers,
    boolean secure,
    String clientAddress,
    ConsoleLogins logins) {
  public ExtensionRequest {
    requireNonNull(method, "method");
    path = Map.copyOf(path);
    query = Map.copyOf(query);
    requireNonNull(caller, "caller");
    requireNonNull(body, "body");
    requireNonNull(reader, "reader");
    headers = Map.copyOf(headers);
    requireNonNull(clientAddress, "clientAddress");
    requireNonNull(logins, "logins");
    if (!reader.caller().equals(caller)) {
      throw new IllegalArgumentException("the reader is bound to another caller than the request");
    }
  }

  /**
   * Whether the caller may read a collection: it exists and the caller's member or user holds
   * {@code can_read} on it. Always false on a public route.
   */
  public boolean mayRead(CollectionId collection) {
    return reader.mayRead(collection);
  }

  /** The value of a template parameter of the route. */
  public String pathParam(String name) {
    String value = path.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter {" + name + "}");
    }
    return value;
  }

  /** A request header by its name in any case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The first value of a URL parameter. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
