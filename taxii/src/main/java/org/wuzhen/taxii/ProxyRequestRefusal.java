package org.wuzhen.taxii;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses what only a proxy serves, before routing: {@code CONNECT} (a tunnel to another host) is
 * 501 with a TAXII error saying so, rather than a 404 for the path {@code /} Jetty gives it.
 */
final class ProxyRequestRefusal extends Handler.Wrapper {
  ProxyRequestRefusal(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
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
