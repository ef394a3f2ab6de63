package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.LogStore;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StoreException;

/**
 * The TAXII 2.1 API as one Jetty core handler: the routing table, then for every request route,
 * authenticate, negotiate, run the endpoint, and turn any refusal into a TAXII error resource. Runs
 * blocking on virtual threads; stateless between requests.
 */
final class TaxiiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(TaxiiHandler.class);

  private final Routes routes;
  private final Logins logins;
  private final ReadDecision reads;
  private final ConsoleLogins consoleLogins;
  private final boolean behindTlsProxy;
  private final ServerMetrics metrics;

  TaxiiHandler(
      TaxiiConfig config,
      ObjectStore store,
      AccountStore accounts,
      LogStore log,
      TaxiiExtensions extensions,
      Clock clock) {
    requireNonNull(config, "config");
    requireNonNull(store, "store");
    requireNonNull(accounts, "accounts");
    requireNonNull(extensions, "extensions");
    this.metrics = extensions.metrics();
    metrics.pool(store::poolFigures);
    Signer signer = new Signer(config.signingKey());
    Lookup lookup = new Lookup(config, store, accounts);
    // Every read of stored objects and log leaves, TAXII's and the extension routes', passes here.
    this.reads = new ReadDecision(store, log, lookup, extensions.readFilters());
    ServerResources server = new ServerResources(config, store, lookup, signer, clock);
    ObjectEndpoints objects = new ObjectEndpoints(config, store, lookup, signer, reads);
    AddObjects add = new AddObjects(store, accounts, lookup, signer, clock, extensions);
    Authenticator authenticator =
        new Authenticator(accounts, config.login(), metrics::loginThrottled);
    this.logins = new Logins(authenticator, CertificateLogins.of(config.tls(), accounts));
    this.consoleLogins = new ConsoleLogins(authenticator, accounts, reads, lookup, add, clock);
    this.behindTlsProxy =
        config.tls() instanceof TlsSettings.TerminatedByProxy
            && config.publicUrl().map(u -> "https".equals(u.getScheme())).orElse(false);

    // Every TAXII 2.1 route; literal segments are listed before templates that would shadow them.
    String collection = "/{root}/collections/{collection}/";
    Routes table = new Routes();
    // Extension routes first: they live under /wuzhen/, which an API root named "wuzhen" would
    // otherwise shadow.
    for (ExtensionRoute route : extensions.routes()) {
      table.extension(
          route.method(),
          route.template(),
          route.authenticated() ? Routes.Access.AUTHENTICATED : Routes.Access.PUBLIC,
          call -> extensionReply(route, call));
    }
    this.routes =
        table
            .get("/taxii2/", Routes.Access.PUBLIC, server::discovery)
            .get("/{root}/", server::apiRoot)
            .get("/{root}/status/{status}/", server::status)
            .get("/{root}/collections/", server::collections)
            .get(collection, server::collection)
            .get(collection + "manifest/", objects::manifest)
            .get(collection + "objects/", objects::objects)
            .post(collection + "objects/", add::add)
            .get(collection + "objects/{object}/", objects::object)
            .delete(collection + "objects/{object}/", objects::delete)
            .get(collection + "objects/{object}/versions/", objects::versions);
  }

  /** Every route of the table, in the order tried. */
  List<Node.ServedRoute> routes() {
    return routes.all().stream()
        .map(
            r ->
                new Node.ServedRoute(
                    r.method(), r.template(), r.access() == Routes.Access.AUTHENTICATED))
        .toList();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String[] route = {"unmatched"};
    Reply reply;
    try {
      if (Request.getPathInContext(request).equals(METRICS_PATH)) {
        route[0] = METRICS_PATH;
        reply = metricsReply(request);
      } else {
        reply = dispatch(request, route);
      }
    } catch (TaxiiError e) {
      reply = Reply.error(e);
    } catch (HttpException.RuntimeException e) {
      reply = Reply.error(TaxiiError.badRequest("malformed request: " + e.getReason()));
    } catch (StoreException.Unavailable e) {
      LOG.warn("store unavailable for {} {}", request.getMethod(), request.getHttpURI(), e);
      reply = Reply.error(TaxiiError.unavailable("storage is unavailable; retry later"));
    } catch (RuntimeException e) {
      LOG.error("failed {} {}", request.getMethod(), request.getHttpURI(), e);
      reply = Reply.error(TaxiiError.internal("internal error; the server log has details"));
    }
    if (reply.status() == 401 && request.getHeaders().contains(HttpHeader.AUTHORIZATION)) {
      metrics.loginFailed();
    }
    finishReading(request, response);
    write(reply, response, callback);
    metrics.request(
        route[0], methodLabel(request.getMethod()), reply.status(), System.nanoTime() - start);
    return true;
  }

  /** Where the node's metrics are served to its administrators (docs/operations.md). */
  static final String METRICS_PATH = LoopbackMetrics.PATH;

  private static final java.util.Set<String> METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  /** The method as a bounded label: a client may send any token as a method. */
  private static String methodLabel(String method) {
    return METHODS.contains(method) ? method : "other";
  }

  /** The metrics in the Prometheus text format, for an administrator only. */
  private Reply metricsReply(Request request) {
    if (!request.getMethod().equals("GET")) {
      throw TaxiiError.methodNotAllowed("only GET is allowed on '" + METRICS_PATH + "'", "GET");
    }
    Authenticated caller = logins.authenticate(request, true).orElseThrow();
    if (!caller.caller().admin()) {
      throw TaxiiError.forbidden("the metrics are for the node's administrators");
    }
    return new Reply(200, Map.of("Content-Type", ServerMetrics.CONTENT_TYPE), metrics.scrape());
  }

  /** Bodies larger than this are not drained after an early answer; the connection is closed. */
  static final long DRAIN_LIMIT = 16L << 20;

  /**
   * Reads and discards what the handler left of the request body (an early 401, 403 or 404 to a
   * POST), so the keep-alive connection stays usable for the client's next request. Without it the
   * server closes the connection after answering, and a client that had already pooled it for its
   * next request sees it die without an answer. Bodies beyond {@link #DRAIN_LIMIT} are not read:
   * the answer says {@code Connection: close} instead.
   */
  private static void finishReading(Request request, Response response) {
    long declared = request.getLength();
    if (declared == 0) {
      return;
    }
    if (declared > DRAIN_LIMIT) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return;
    }
    try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > DRAIN_LIMIT) {
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          return;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private Reply dispatch(Request request, String[] route) {
    Routes.Match match = routes.find(request.getMethod(), Request.getPathInContext(request));
    route[0] = match.route().template();
    Optional<Authenticated> caller =
        logins.authenticate(request, match.route().access() != Routes.Access.PUBLIC);
    if (match.route().taxii()) {
      MediaTypes.requireAcceptable(header(request, HttpHeader.ACCEPT));
    }
    Call call = new Call(request, match.params(), queryParameters(request), caller);
    return match.route().endpoint().handle(call);
  }

  private Reply extensionReply(ExtensionRoute route, Call call) {
    byte[] body = readExtensionBody(call.request());
    Optional<Caller> caller = call.caller().map(Authenticated::caller);
    Map<String, String> headers = new LinkedHashMap<>();
    for (org.eclipse.jetty.http.HttpField field : call.request().getHeaders()) {
      headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
    }
    ExtensionRequest request =
        new ExtensionRequest(
            route.method(),
            call.path(),
            call.query(),
            caller,
            body,
            reads.reader(caller),
            headers,
            call.request().isSecure() || behindTlsProxy,
            Request.getRemoteAddr(call.request()),
            consoleLogins);
    ExtensionReply reply;
    try {
      reply = route.endpoint().handle(request);
    } catch (ExtensionException e) {
      reply = e.reply();
    }
    Map<String, String> replyHeaders = new LinkedHashMap<>(reply.headers());
    if (reply.status() != 304) {
      replyHeaders.put("Content-Type", reply.contentType());
    }
    return new Reply(reply.status(), replyHeaders, reply.body());
  }

  private static byte[] readExtensionBody(Request request) {
    long declared = request.getLength();
    if (declared == 0) {
      return new byte[0];
    }
    if (declared > ExtensionRoute.MAX_BODY_BYTES) {
      throw TaxiiError.contentTooLarge(
          "the body has "
              + declared
              + " bytes; extension routes accept at most "
              + ExtensionRoute.MAX_BODY_BYTES);
    }
    try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(ExtensionRoute.MAX_BODY_BYTES + 1);
      if (body.length > ExtensionRoute.MAX_BODY_BYTES) {
        throw TaxiiError.contentTooLarge(
            "the body is larger than " + ExtensionRoute.MAX_BODY_BYTES + " bytes");
      }
      return body;
    } catch (java.io.IOException e) {
      throw TaxiiError.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  private static Optional<String> header(Request request, HttpHeader name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  private static Map<String, List<String>> queryParameters(Request request) {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (IllegalArgumentException e) {
      throw TaxiiError.badRequest("malformed query string: " + e.getMessage());
    }
    return parameters(fields);
  }

  /** Decoded query parameters by name, each with its values in request order. */
  static Map<String, List<String>> parameters(Fields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Fields.Field field : fields) {
      out.put(field.getName(), List.copyOf(field.getValues()));
    }
    return out;
  }

  static void write(Reply reply, Response response, Callback callback) {
    response.setStatus(reply.status());
    HttpFields.Mutable headers = response.getHeaders();
    reply.headers().forEach(headers::put);
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    if (reply.body().length > 0 && !reply.headers().containsKey("Content-Type")) {
      headers.put(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII_21);
    }
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }
}
