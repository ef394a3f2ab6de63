package org.wuzhen.taxii;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, before routing, what this server does not speak: {@code CONNECT} (a tunnel to another
 * host, which only a proxy serves) is 501 rather than a 404 for the path {@code /} Jetty gives it,
 * and a plain-HTTP request to a TLS port is 400 saying to use {@code https}, never served.
 */
final class ProtocolRefusals extends Handler.Wrapper {
  private final boolean tlsOnly;

  ProtocolRefusals(Handler next, boolean tlsOnly) {
    super(next);
    this.tlsOnly = tlsOnly;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (tlsOnly && !request.isSecure()) {
      response.getHeaders().put("Connection", "close");
      TaxiiHandler.write(
          Reply.error(
              TaxiiError.badRequest(
                  "this port speaks TLS: send the request over https, not plain http")),
          response,
          callback);
      return true;
    }
    if (HttpMethod.CONNECT.is(request.getMethod())) {
      TaxiiHandler.write(
          Reply.error(
              TaxiiError.http(
                  501,
                  "Not Implemented",
                  "CONNECT is not supported: this is a TAXII 2.1 server, not a proxy")),
          response,
          callback);
      return true;
    }
    return super.handle(request, response, callback);
  }
}
