package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing table: method, path template ({@code {name}} matches one segment) and endpoint, tried
 * in the order added. Immutable after construction.
 */
final class Routes {

  /** Handles one request to a matched route. */
  @FunctionalInterface
  interface Endpoint {
    Reply handle(Call call);
  }

  /** Who may call a route. */
  enum Access {
    PUBLIC,
    AUTHENTICATED
  }

  /**
   * @param taxii whether the route is a TAXII resource (Accept negotiated to TAXII media types);
   *     extension routes are not
   */
  record Route(String method, String template, Access access, boolean taxii, Endpoint endpoint) {
    Route {
      requireNonNull(method, "method");
      requireNonNull(template, "template");
      requireNonNull(access, "access");
      requireNonNull(endpoint, "endpoint");
      if (!template.startsWith("/") || (taxii && !template.endsWith("/"))) {
        throw new IllegalArgumentException("a template starts and ends with '/': " + template);
      }
    }

    /** Whether the template names a file (its last segment has no '/' after it). */
    boolean isFile() {
      return !template.endsWith("/");
    }

    Optional<Map<String, String>> match(String[] segments) {
      String[] parts = split(template);
      if (parts.length != segments.length) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].startsWith("{")) {
          params.put(parts[i].substring(1, parts[i].length() - 1), segments[i]);
        } else if (!parts[i].equals(segments[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }

  /** A route and the values of its template's parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  Routes get(String template, Access access, Endpoint endpoint) {
    routes.add(new Route("GET", template, access, true, endpoint));
    return this;
  }

  Routes get(String template, Endpoint endpoint) {
    return get(template, Access.AUTHENTICATED, endpoint);
  }

  Routes post(String template, Endpoint endpoint) {
    routes.add(new Route("POST", template, Access.AUTHENTICATED, true, endpoint));
    return this;
  }

  Routes delete(String template, Endpoint endpoint) {
    routes.add(new Route("DELETE", template, Access.AUTHENTICATED, true, endpoint));
    return this;
  }

  /** Adds a route that is not a TAXII resource (its media type is its own). */
  Routes extension(String method, String template, Access access, Endpoint endpoint) {
    routes.add(new Route(method, template, access, false, endpoint));
    return this;
  }

  /** Every route, in the order tried. */
  List<Route> all() {
    return List.copyOf(routes);
  }

  /**
   * The route for a request.
   *
   * @throws TaxiiError 404 for an unknown path or one without the trailing '/', 405 for a known
   *     path with another method
   */
  Match find(String method, String path) {
    if (!path.endsWith("/")
        && routes.stream().anyMatch(r -> r.isFile() && r.match(split(path)).isPresent())) {
      return find(method, path, routes.stream().filter(Route::isFile).toList());
    }
    if (!path.endsWith("/")) {
      String hint = path + "/";
      boolean known = routes.stream().anyMatch(r -> r.match(split(hint)).isPresent());
      throw TaxiiError.notFound(
          "TAXII paths end in '/': '"
              + path
              + "' has no trailing slash"
              + (known ? "; use '" + hint + "'" : ""));
    }
    return find(method, path, routes.stream().filter(r -> !r.isFile()).toList());
  }

  private static Match find(String method, String path, List<Route> candidates) {
    String[] segments = split(path);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : candidates) {
      Optional<Map<String, String>> params = route.match(segments);
      if (params.isPresent()) {
        if (route.method().equals(method)) {
          return new Match(route, params.get());
        }
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      throw TaxiiError.notFound("no TAXII resource at '" + path + "'");
    }
    throw TaxiiError.methodNotAllowed(
        method + " is not allowed on '" + path + "'; allowed: " + String.join(", ", allowed),
        String.join(", ", allowed));
  }

  /** The segments of a path; a trailing '/' ends the last one, a file segment has none. */
  private static String[] split(String path) {
    String inner =
        path.endsWith("/") ? path.substring(1, Math.max(1, path.length() - 1)) : path.substring(1);
    return inner.isEmpty() ? new String[0] : inner.split("/", -1);
  }
}
