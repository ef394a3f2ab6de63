package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to an {@link ExtensionRoute}: its method, the values of the route template's
 * parameters, the URL parameters, the caller (present on authenticated routes) and the body (empty
 * when none; at most {@link ExtensionRoute#MAX_BODY_BYTES}).
 */
public record ExtensionRequest(
    String method,
    Map<String, String> path,
    Map<String, List<String>> query,
    Optional<Principal> caller,
    byte[] body) {
  public ExtensionRequest {
    requireNonNull(method, "method");
    path = Map.copyOf(path);
    query = Map.copyOf(query);
    requireNonNull(caller, "caller");
    requireNonNull(body, "body");
  }

  /** The value of a template parameter of the route. */
  public String pathParam(String name) {
    String value = path.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter {" + name + "}");
    }
    return value;
  }

  /** The first value of a URL parameter. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
