package org.wuzhen.taxii;

import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before or outside the TAXII handler (malformed requests, ambiguous URIs,
 * unknown HTTP versions, another protocol's preface, rejections during shutdown) also answer with a
 * TAXII error resource, never HTML, for every method, with a description that says what was wrong
 * rather than Jetty's terse reason.
 */
final class TaxiiErrorHandler extends ErrorHandler {
  /** Jetty's reasons, as a client's author would need to read them. */
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry(
              "Unknown Version",
              "unknown HTTP version in the request line; this server speaks HTTP/1.0 and HTTP/1.1"
                  + " (and HTTP/2 over TLS)"),
          Map.entry(
              "HTTP/0.9 not supported",
              "the request line has no HTTP version (HTTP/0.9 is not supported); send HTTP/1.1"),
          Map.entry(
              "Upgrade Required",
              "an HTTP/2 connection preface was sent to a port that speaks HTTP/1.1 in clear text;"
                  + " HTTP/2 is offered only over TLS (ALPN h2)"),
          Map.entry("No Host", "an HTTP/1.1 request needs a Host header"),
          Map.entry(
              "Invalid Content-Length Value",
              "Content-Length must be one non-negative decimal integer of octets"),
          Map.entry(
              "Request Header Fields Too Large",
              "the request's header fields are larger than this server accepts (8 KiB in all)"),
          Map.entry(
              "URI Too Long",
              "the request target is longer than this server accepts (8 KiB with the headers)"),
          Map.entry(
              "Ambiguous URI path segment",
              "the path has an encoded or relative segment ('.', '..', %2e); send the path"
                  + " without it"),
          Map.entry(
              "Ambiguous URI path separator",
              "the path has an encoded '/' (%2F) inside a segment, which TAXII paths never hold"),
          Map.entry(
              "Ambiguous URI empty segment",
              "the path has an empty segment ('//') or a ';' parameter, which TAXII paths never"
                  + " hold"));

  /**
   * A TAXII error for every method, PRI and CONNECT included (Jetty's default: GET, POST, HEAD).
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    TaxiiHandler.write(Reply.error(error(code, message, cause)), response, callback);
  }

  static TaxiiError error(int code, String message, Throwable cause) {
    String phrase = HttpStatus.getMessage(code);
    return TaxiiError.http(code, phrase, "HTTP " + code + ": " + describe(code, message, cause));
  }

  /** What was wrong: a known reason in plain words, else the cause Jetty found, else its reason. */
  private static String describe(int code, String message, Throwable cause) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    String known = REASONS.get(reason);
    if (known != null) {
      return known;
    }
    Throwable root = cause;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != null && root != cause) {
      return switch (root) {
        case NumberFormatException e when String.valueOf(e.getMessage()).startsWith("!hex") ->
            "malformed percent-encoding in the request target: each '%' must be followed by two"
                + " hexadecimal digits";
        case NumberFormatException e -> "a number in the request head is malformed";
        case ArithmeticException e ->
            "a length in the request head (Content-Length or a chunk size) is larger than any"
                + " this server accepts";
        case IllegalArgumentException e ->
            "the request target is not acceptable: "
                + e.getMessage()
                + " (control characters, %00 and invalid UTF-8 are refused)";
        default -> reason;
      };
    }
    return reason;
  }
}
