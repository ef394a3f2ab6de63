package org.wuzhen.taxii;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before or outside the TAXII handler (malformed requests, ambiguous URIs,
 * rejections during shutdown) also answer with a TAXII error resource, never HTML.
 */
final class TaxiiErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    TaxiiHandler.write(Reply.error(error(code, message)), response, callback);
  }

  private static TaxiiError error(int code, String message) {
    String phrase = HttpStatus.getMessage(code);
    String reason = message == null || message.isBlank() ? phrase : message;
    return TaxiiError.http(code, phrase, "HTTP " + code + ": " + reason);
  }
}
