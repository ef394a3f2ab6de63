package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A request the API refuses, as the TAXII error resource (§3.6.1) it becomes: HTTP status, title
 * and a description that says what was wrong. The handler turns it into a response in one place.
 */
final class TaxiiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient Map<String, String> headers;

  private TaxiiError(int status, String title, String description, Map<String, String> headers) {
    super(requireNonNull(description, "description"));
    this.status = status;
    this.title = requireNonNull(title, "title");
    this.headers = Map.copyOf(headers);
  }

  /** An error with any status, titled with the standard reason phrase. */
  static TaxiiError http(int status, String title, String description) {
    return new TaxiiError(status, title, description, Map.of());
  }

  static TaxiiError badRequest(String description) {
    return new TaxiiError(400, "Bad Request", description, Map.of());
  }

  static TaxiiError unauthorized(String description) {
    return new TaxiiError(
        401,
        "Unauthorized",
        description,
        Map.of("WWW-Authenticate", "Basic realm=\"wuzhen\", Bearer realm=\"wuzhen\""));
  }

  static TaxiiError forbidden(String description) {
    return new TaxiiError(403, "Forbidden", description, Map.of());
  }

  static TaxiiError notFound(String description) {
    return new TaxiiError(404, "Not Found", description, Map.of());
  }

  static TaxiiError methodNotAllowed(String description, String allow) {
    return new TaxiiError(405, "Method Not Allowed", description, Map.of("Allow", allow));
  }

  static TaxiiError notAcceptable(String description) {
    return new TaxiiError(406, "Not Acceptable", description, Map.of());
  }

  static TaxiiError contentTooLarge(String description) {
    return new TaxiiError(413, "Content Too Large", description, Map.of());
  }

  static TaxiiError unsupportedMediaType(String description) {
    return new TaxiiError(415, "Unsupported Media Type", description, Map.of());
  }

  static TaxiiError unprocessable(String description) {
    return new TaxiiError(422, "Unprocessable Content", description, Map.of());
  }

  static TaxiiError unavailable(String description) {
    return new TaxiiError(503, "Service Unavailable", description, Map.of());
  }

  /** 503 with a {@code Retry-After} in seconds. */
  static TaxiiError unavailable(String description, long retryAfterSeconds) {
    return new TaxiiError(
        503,
        "Service Unavailable",
        description,
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** 429 with a {@code Retry-After} in seconds. */
  static TaxiiError tooManyRequests(String description, long retryAfterSeconds) {
    return new TaxiiError(
        429,
        "Too Many Requests",
        description,
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  static TaxiiError internal(String description) {
    return new TaxiiError(500, "Internal Server Error", description, Map.of());
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  String description() {
    return getMessage();
  }

  Map<String, String> headers() {
    return headers;
  }
}
