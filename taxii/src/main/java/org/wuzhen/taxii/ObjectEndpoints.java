package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonString;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Creator;
import org.wuzhen.store.JsonText;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;

/**
 * The collection content endpoints: manifest (§5.3), objects (§5.4), one object (§5.6), delete
 * (§5.7) and versions (§5.8). Pages are ascending by date_added and served from the stored JSON
 * text without re-encoding.
 */
final class ObjectEndpoints {
  private final TaxiiConfig config;
  private final ObjectStore store;
  private final Lookup lookup;
  private final Signer signer;

  private final ReadDecision reads;

  ObjectEndpoints(
      TaxiiConfig config, ObjectStore store, Lookup lookup, Signer signer, ReadDecision reads) {
    this.reads = requireNonNull(reads, "reads");
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
    this.lookup = requireNonNull(lookup, "lookup");
    this.signer = requireNonNull(signer, "signer");
  }

  Reply objects(Call call) {
    CollectionAccess c = lookup.collection(call).requireRead();
    Filters f = filters(Filters.Endpoint.OBJECTS, c, Optional.empty(), call);
    return envelope(page(c, f, true, call), f);
  }

  Reply manifest(Call call) {
    CollectionAccess c = lookup.collection(call).requireRead();
    Filters f = filters(Filters.Endpoint.MANIFEST, c, Optional.empty(), call);
    ObjectPage page = page(c, f, false, call);
    StringBuilder body = pageStart(page, f);
    if (!page.objects().isEmpty()) {
      body.append(",\"objects\":[");
      for (int i = 0; i < page.objects().size(); i++) {
        StoredObject o = page.objects().get(i);
        ManifestRecord record =
            new ManifestRecord(
                o.id(),
                Timestamps.formatMicros(o.dateAddedMicros()),
                version(o),
                Optional.of("application/stix+json;version=" + o.specVersion()));
        body.append(i == 0 ? "" : ",").append(Json.write(record.toJson()));
      }
      body.append(']');
    }
    return Reply.json(200, body.append('}').toString(), headers(page));
  }

  Reply object(Call call) {
    CollectionAccess c = lookup.collection(call).requireRead();
    String objectId = call.pathParam("object");
    Filters f = filters(Filters.Endpoint.OBJECT, c, Optional.of(objectId), call);
    ObjectPage page = page(c, f, true, call);
    if (page.objects().isEmpty()) {
      requireExists(c.info().id(), objectId, call);
    }
    return envelope(page, f);
  }

  Reply versions(Call call) {
    CollectionAccess c = lookup.collection(call).requireRead();
    String objectId = call.pathParam("object");
    Filters f = filters(Filters.Endpoint.VERSIONS, c, Optional.of(objectId), call);
    ObjectPage page = page(c, f, false, call);
    if (page.objects().isEmpty()) {
      requireExists(c.info().id(), objectId, call);
    }
    StringBuilder body = pageStart(page, f);
    if (!page.objects().isEmpty()) {
      body.append(",\"versions\":[");
      for (int i = 0; i < page.objects().size(); i++) {
        body.append(i == 0 ? "" : ",")
            .append(Json.write(new JsonString(version(page.objects().get(i)))));
      }
      body.append(']');
    }
    return Reply.json(200, body.append('}').toString(), headers(page));
  }

  /**
   * §5.7: without filters the whole object goes (every version of every spec_version); with
   * match[version] only, the selection applies to the latest spec_version (the TAXII default); 404
   * when nothing matched.
   */
  Reply delete(Call call) {
    CollectionAccess c = lookup.collection(call).requireWrite();
    String objectId = call.pathParam("object");
    VersionSelection versions = Filters.deleteVersions(call.query());
    List<String> specVersions = Filters.specVersions(call.query());
    requireCreatorOrAdmin(call.authenticated().caller(), c, objectId);
    int deleted = store.delete(c.info().id(), objectId, versions, specVersions);
    if (versions.all() && specVersions.isEmpty()) {
      // The store's default removes the latest spec_version; older ones follow, one per round.
      for (int more = deleted; more > 0; ) {
        more = store.delete(c.info().id(), objectId, versions, specVersions);
        deleted += more;
      }
    }
    if (deleted == 0) {
      throw TaxiiError.notFound(
          "no version of object '"
              + objectId
              + "' in collection "
              + c.info().id()
              + " matches the request");
    }
    return Reply.empty(200);
  }

  /**
   * Only an object's creator, or a node administrator, deletes it (docs/taxii.md). The 403 is given
   * only when this collection holds the object, so a writer learns nothing of ids kept elsewhere.
   */
  private void requireCreatorOrAdmin(Caller caller, CollectionAccess c, String objectId) {
    if (caller.admin()) {
      return;
    }
    Optional<Creator> creator = store.creator(objectId);
    if (creator.isEmpty() || creator.get().equals(Creator.member(caller.member()))) {
      return;
    }
    // Whether the collection holds any version: its latest one then exists.
    if (!store.query(c.info().id(), ObjectQuery.latestOf(objectId, false)).objects().isEmpty()) {
      throw TaxiiError.forbidden(
          "you may not delete "
              + objectId
              + ": it was created by "
              + creator.get().describe()
              + ", and only an object's creator or a node administrator may delete it");
    }
  }

  private Filters filters(
      Filters.Endpoint endpoint, CollectionAccess c, Optional<String> objectId, Call call) {
    String scope = c.info().id() + objectId.map(id -> "/" + id).orElse("");
    return Filters.parse(
        endpoint, scope, objectId, call.query(), config.defaultPageSize(), config.maxPageSize());
  }

  /** A page as the read decision lets the caller see it (read filters included). */
  private ObjectPage page(CollectionAccess c, Filters f, boolean withJson, Call call) {
    byte[] digest = Signer.filterDigest(f.canonical());
    Optional<PageCursor> after = f.next().map(token -> signer.verifyNext(token, digest));
    return reader(call).query(c.info().id(), f.query(after, withJson));
  }

  private ObjectReader reader(Call call) {
    return reads.reader(Optional.of(call.authenticated().caller()));
  }

  private void requireExists(CollectionId collection, String objectId, Call call) {
    ObjectQuery any =
        new ObjectQuery(
            Optional.empty(),
            List.of(objectId),
            List.of(),
            VersionSelection.ALL,
            List.of(),
            1,
            Optional.empty(),
            false);
    if (reader(call).query(collection, any).objects().isEmpty()) {
      throw TaxiiError.notFound(
          "no object '" + objectId + "' in collection " + collection + " (or you may not read it)");
    }
  }

  /**
   * §3.7 envelope: {@code more} always, {@code next} when more, {@code objects} when any. Built as
   * UTF-8 bytes, one object at a time: a text builder holding one object with a character beyond
   * Latin-1 (common in ATT&CK descriptions) turns the whole page into UTF-16 and encodes it back,
   * which measured as most of the time of a page of 1,000.
   */
  private Reply envelope(ObjectPage page, Filters f) {
    StringBuilder start = pageStart(page, f);
    if (page.objects().isEmpty()) {
      return Reply.json(200, start.append('}').toString(), headers(page));
    }
    byte[] head = start.append(",\"objects\":[").toString().getBytes(StandardCharsets.UTF_8);
    List<JsonText> objects = new java.util.ArrayList<>(page.objects().size());
    int length = head.length + 2 + page.objects().size() - 1;
    for (StoredObject o : page.objects()) {
      JsonText json =
          o.body().orElseThrow(() -> new IllegalStateException("store returned no JSON text"));
      objects.add(json);
      length += json.length();
    }
    byte[] body = new byte[length];
    System.arraycopy(head, 0, body, 0, head.length);
    int at = head.length;
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      objects.get(i).copyTo(body, at);
      at += objects.get(i).length();
    }
    body[at++] = ']';
    body[at] = '}';
    return new Reply(200, headers(page), body);
  }

  private StringBuilder pageStart(ObjectPage page, Filters f) {
    StringBuilder body = new StringBuilder(4096).append("{\"more\":").append(page.more());
    page.next()
        .ifPresent(
            cursor ->
                body.append(",\"next\":")
                    .append(
                        Json.write(
                            new JsonString(
                                signer.issueNext(cursor, Signer.filterDigest(f.canonical()))))));
    return body;
  }

  private static Map<String, String> headers(ObjectPage page) {
    if (page.objects().isEmpty()) {
      return Map.of();
    }
    return Reply.dateAddedHeaders(
        page.objects().getFirst().dateAddedMicros(), page.objects().getLast().dateAddedMicros());
  }

  /** The version TAXII shows: modified, else created, else (SCOs) date_added, as medallion does. */
  static String version(StoredObject o) {
    return o.version().orElseGet(() -> Timestamps.formatMicros(o.dateAddedMicros()));
  }
}
