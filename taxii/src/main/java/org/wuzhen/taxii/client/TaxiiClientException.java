package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.wuzhen.taxii.ErrorResource;

/**
 * A call to a node failed. The message says the method, the URL and what went wrong; {@link
 * #kind()} says which way it failed, for callers that act on it (retry later, report a refusal,
 * distrust the server). When the server answered, {@link #status()} is its HTTP status, and when
 * that answer was a TAXII error message (§3.6.1), {@link #title()} and {@link #description()} are
 * what it said.
 */
public final class TaxiiClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which way a call failed. */
  public enum Kind {
    /** No answer: the connection could not be made or broke, or the caller was interrupted. */
    UNREACHABLE,
    /** No complete answer within the connect or request timeout. */
    TIMED_OUT,
    /** The server refused the request: HTTP 4xx. */
    REFUSED,
    /** The server failed: HTTP 5xx. */
    SERVER_ERROR,
    /** The answer is not what the call expects: not JSON, a wrong shape, an unexpected status. */
    MALFORMED,
    /** The answer is larger than the client's bound; the rest of it was not read. */
    TOO_LARGE
  }

  private final Kind kind;
  private final String method;
  private final URI uri;
  private final OptionalInt status;
  private final Optional<String> title;
  private final Optional<String> description;

  TaxiiClientException(
      Kind kind,
      String method,
      URI uri,
      OptionalInt status,
      Optional<ErrorResource> error,
      String detail,
      Throwable cause) {
    super(method + " " + uri + ": " + detail, cause);
    this.kind = requireNonNull(kind, "kind");
    this.method = requireNonNull(method, "method");
    this.uri = requireNonNull(uri, "uri");
    this.status = requireNonNull(status, "status");
    this.title = error.map(ErrorResource::title);
    this.description = error.flatMap(ErrorResource::description);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP method of the failed call. */
  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /** The HTTP status, when the server answered. */
  public OptionalInt status() {
    return status;
  }

  /** The {@code title} of the TAXII error message the server answered with. */
  public Optional<String> title() {
    return title;
  }

  /** The {@code description} of the TAXII error message the server answered with. */
  public Optional<String> description() {
    return description;
  }
}
