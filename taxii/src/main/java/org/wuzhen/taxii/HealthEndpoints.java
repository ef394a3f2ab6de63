package org.wuzhen.taxii;

import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz} (the process serves) and {@code /readyz} (every readiness check passes) for load
 * balancers and orchestrators, before authentication and routing. They answer only a status word:
 * the reasons go to the node's log, never to an unauthenticated caller.
 */
final class HealthEndpoints extends Handler.Wrapper {
  private static final Map<String, String> TEXT =
      Map.of("Content-Type", "text/plain;charset=utf-8");

  private final Readiness readiness;

  HealthEndpoints(Handler next, Readiness readiness) {
    super(next);
    this.readiness = readiness;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    boolean health = path.equals("/healthz") || path.equals("/healthz/");
    boolean ready = path.equals("/readyz") || path.equals("/readyz/");
    if (!health && !ready) {
      return super.handle(request, response, callback);
    }
    String method = request.getMethod();
    Reply reply;
    if (!method.equals("GET") && !method.equals("HEAD")) {
      reply =
          new Reply(
              405,
              Map.of("Allow", "GET, HEAD", "Content-Type", TEXT.get("Content-Type")),
              word("method not allowed"));
    } else if (health || readiness.verdict().ready()) {
      reply = new Reply(200, TEXT, word("ok"));
    } else {
      reply = new Reply(503, TEXT, word("unavailable"));
    }
    if (method.equals("HEAD")) {
      reply = new Reply(reply.status(), reply.headers(), new byte[0]);
    }
    TaxiiHandler.write(reply, response, callback);
    return true;
  }

  private static byte[] word(String word) {
    return (word + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
