package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by an extension endpoint to refuse a request; becomes an {@link ExtensionReply#error} with
 * this status and message.
 */
public final class ExtensionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  public ExtensionException(int status, String title, String description) {
    super(requireNonNull(description, "description"));
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.title = requireNonNull(title, "title");
  }

  public static ExtensionException badRequest(String description) {
    return new ExtensionException(400, "Bad Request", description);
  }

  public static ExtensionException notFound(String description) {
    return new ExtensionException(404, "Not Found", description);
  }

  public static ExtensionException forbidden(String description) {
    return new ExtensionException(403, "Forbidden", description);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public ExtensionReply reply() {
    return ExtensionReply.error(status, title, getMessage());
  }
}
