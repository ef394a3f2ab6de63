package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpURI;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StatusRecord;

/**
 * The resources that describe the server (§4.1 discovery, §4.2 API root, §4.3 status, §5.1
 * collections, §5.2 collection).
 */
final class ServerResources {
  static final String STIX_21 = "application/stix+json;version=2.1";

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

  /** §4.1: API root URLs are absolute, built from the URL the client used. */
  Reply discovery(Call call) {
    HttpURI uri = call.request().getHttpURI();
    List<JsonValue> roots = new ArrayList<>();
    for (TaxiiConfig.ApiRoot root : config.apiRoots()) {
      roots.add(new JsonString(HttpURI.build(uri, "/" + root.name() + "/").asString()));
    }
    TaxiiConfig.Discovery d = config.discovery();
    JsonObject.Builder b = JsonObject.builder().put("title", d.title());
    d.description().ifPresent(v -> b.put("description", v));
    d.contact().ifPresent(v -> b.put("contact", v));
    b.put("default", roots.getFirst());
    b.put("api_roots", new JsonArray(roots));
    return Reply.json(200, b.build());
  }

  Reply apiRoot(Call call) {
    TaxiiConfig.ApiRoot root = lookup.apiRoot(call);
    JsonObject.Builder b = JsonObject.builder().put("title", root.title());
    root.description().ifPresent(v -> b.put("description", v));
    b.put("versions", new JsonArray(List.of(new JsonString(MediaTypes.TAXII_21))));
    b.put("max_content_length", root.maxContentLength());
    return Reply.json(200, b.build());
  }

  /** §5.1: only collections the caller can read or write are listed. */
  Reply collections(Call call) {
    lookup.apiRoot(call);
    List<JsonValue> visible = new ArrayList<>();
    for (CollectionAccess access : lookup.visibleCollections(call)) {
      visible.add(collectionResource(access));
    }
    JsonObject.Builder b = JsonObject.builder();
    if (!visible.isEmpty()) {
      b.put("collections", new JsonArray(visible));
    }
    return Reply.json(200, b.build());
  }

  Reply collection(Call call) {
    return Reply.json(200, collectionResource(lookup.collection(call)));
  }

  private static JsonObject collectionResource(CollectionAccess access) {
    CollectionInfo info = access.info();
    JsonObject.Builder b = JsonObject.builder().put("id", info.id().toString());
    b.put("title", info.title());
    info.description().ifPresent(v -> b.put("description", v));
    info.alias().ifPresent(v -> b.put("alias", v));
    b.put("can_read", access.canRead());
    b.put("can_write", access.canWrite());
    List<String> types = info.mediaTypes().isEmpty() ? List.of(STIX_21) : info.mediaTypes();
    b.put("media_types", new JsonArray(types.stream().<JsonValue>map(JsonString::new).toList()));
    return b.build();
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
    return Reply.json(200, statusResource(status));
  }

  /** §4.3.1; the counts always equal the lengths of the lists and add up to total_count. */
  static JsonObject statusResource(StatusRecord s) {
    JsonObject.Builder b = JsonObject.builder().put("id", s.id());
    b.put("status", s.status());
    b.put("request_timestamp", Timestamps.format(s.requestTimestamp()));
    b.put("total_count", s.total());
    b.put("success_count", s.successes().size());
    details(b, "successes", s.successes());
    b.put("failure_count", s.failures().size());
    details(b, "failures", s.failures());
    b.put("pending_count", s.pendings().size());
    details(b, "pendings", s.pendings());
    return b.build();
  }

  private static void details(JsonObject.Builder b, String name, List<StatusRecord.Detail> list) {
    if (list.isEmpty()) {
      return; // optional lists; TAXII lists are never empty
    }
    List<JsonValue> out = new ArrayList<>(list.size());
    for (StatusRecord.Detail d : list) {
      JsonObject.Builder e = JsonObject.builder().put("id", d.id());
      d.version().ifPresent(v -> e.put("version", v));
      d.message().ifPresent(v -> e.put("message", v));
      out.add(e.build());
    }
    b.put(name, new JsonArray(out));
  }
}
