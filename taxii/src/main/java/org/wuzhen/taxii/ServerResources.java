package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StatusRecord;

/**
 * The resources that describe the server (§4.1 discovery, §4.2 API root, §4.3 status, §5.1
 * collections, §5.2 collection).
 */
final class ServerResources {

  private final TaxiiConfig config;
  private final ObjectStore objects;
  private final Lookup lookup;
  private final Signer signer;
  private final Clock clock;

  ServerResources(
      TaxiiConfig config, ObjectStore objects, Lookup lookup, Signer signer, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.objects = requireNonNull(objects, "objects");
    this.lookup = requireNonNull(lookup, "lookup");
    this.signer = requireNonNull(signer, "signer");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * §4.1: API root URLs are absolute, below the configured public URL, else below the address the
   * connection arrived at; never below a client's {@code Host} header, which a proxy's cache would
   * then serve to everyone.
   */
  Reply discovery(Call call) {
    URI base = config.publicUrl().orElseGet(() -> arrivedAt(call.request()));
    List<String> roots = new ArrayList<>();
    for (TaxiiConfig.ApiRoot root : config.apiRoots()) {
      roots.add(base.resolve(root.name() + "/").toString());
    }
    TaxiiConfig.Discovery d = config.discovery();
    return Reply.json(
        200,
        new DiscoveryResource(
                d.title(), d.description(), d.contact(), Optional.of(roots.getFirst()), roots)
            .toJson());
  }

  /** {@code scheme://local-address:port/} of the connection the request came on. */
  private URI arrivedAt(Request request) {
    String scheme = config.tls() instanceof TlsSettings.Native ? "https" : "http";
    SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
    if (local instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String host = inet.getAddress().getHostAddress();
      int scope = host.indexOf('%');
      host = scope >= 0 ? host.substring(0, scope) : host;
      host = host.contains(":") ? "[" + host + "]" : host;
      return URI.create(scheme + "://" + host + ":" + inet.getPort() + "/");
    }
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create(scheme + "://" + host + ":" + Request.getLocalPort(request) + "/");
  }

  Reply apiRoot(Call call) {
    TaxiiConfig.ApiRoot root = lookup.apiRoot(call);
    return Reply.json(
        200,
        new ApiRootResource(
                root.title(),
                root.description(),
                List.of(MediaTypes.TAXII_21),
                root.maxContentLength())
            .toJson());
  }

  /** §5.1: only collections the caller can read or write are listed. */
  Reply collections(Call call) {
    lookup.apiRoot(call);
    List<CollectionResource> visible = new ArrayList<>();
    for (CollectionAccess access : lookup.visibleCollections(call)) {
      visible.add(collectionResource(access));
    }
    return Reply.json(200, new CollectionsResource(visible).toJson());
  }

  Reply collection(Call call) {
    return Reply.json(200, collectionResource(lookup.collection(call)).toJson());
  }

  private static CollectionResource collectionResource(CollectionAccess access) {
    CollectionInfo info = access.info();
    return new CollectionResource(
        info.id().toString(),
        info.title(),
        info.description(),
        info.alias(),
        access.canRead(),
        access.canWrite(),
        info.mediaTypes().isEmpty() ? List.of(CollectionInfo.STIX_21) : info.mediaTypes());
  }

  /**
   * §4.3: a status is visible only to the member whose POST created it (its id says whose it is,
   * see {@link Signer}) and only within the retention period; otherwise 404.
   */
  Reply status(Call call) {
    lookup.apiRoot(call);
    String id = call.pathParam("status");
    TaxiiError missing = TaxiiError.notFound("no status '" + id + "'");
    if (!signer.statusBelongsTo(id, call.authenticated().member().name())) {
      throw missing;
    }
    StatusRecord status = objects.status(id).orElseThrow(() -> missing);
    if (status.requestTimestamp().isBefore(clock.instant().minus(config.statusRetention()))) {
      throw missing;
    }
    return Reply.json(200, StatusResource.of(status).toJson());
  }
}
