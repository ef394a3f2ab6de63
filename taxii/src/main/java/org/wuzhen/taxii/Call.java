package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * One request as endpoints see it: the Jetty request (for headers and the body), the path
 * parameters of its route, its URL parameters and the authenticated caller.
 */
record Call(
    Request request,
    Map<String, String> path,
    Map<String, List<String>> query,
    Optional<Authenticated> caller) {
  Call {
    requireNonNull(request, "request");
    path = Map.copyOf(path);
    query = Map.copyOf(query);
    requireNonNull(caller, "caller");
  }

  String pathParam(String name) {
    String value = path.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter {" + name + "}");
    }
    return value;
  }

  /** The caller of an authenticated route. */
  Authenticated authenticated() {
    return caller.orElseThrow(() -> new IllegalStateException("route is not authenticated"));
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }
}
