package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.StatusRecord;

/**
 * The status resource (§4.3.1): what became of the objects of one add-objects request. A Wuzhen
 * node's counts always equal the lengths of the lists; another server may list fewer.
 *
 * @param status {@code complete} or {@code pending}
 * @param requestTimestamp when the request was received, as the server wrote it
 */
public record StatusResource(
    String id,
    String status,
    Optional<String> requestTimestamp,
    long totalCount,
    long successCount,
    List<Detail> successes,
    long failureCount,
    List<Detail> failures,
    long pendingCount,
    List<Detail> pendings) {

  /**
   * One object's outcome (§4.3.2). TAXII requires the version; a node leaves it out for an object
   * that has none to give (a refused SCO without {@code modified} or {@code created}).
   *
   * @param message why the object failed
   */
  public record Detail(String id, Optional<String> version, Optional<String> message) {
    public Detail {
      requireNonNull(id, "id");
      requireNonNull(version, "version");
      requireNonNull(message, "message");
    }

    /** {@code id: message}, for listing refusals to a person. */
    public String describe() {
      return id + ": " + message.orElse("no reason given");
    }

    JsonObject toJson() {
      JsonObject.Builder e = JsonObject.builder().put("id", id);
      version.ifPresent(v -> e.put("version", v));
      message.ifPresent(v -> e.put("message", v));
      return e.build();
    }

    static Detail read(JsonFields f) {
      return new Detail(f.string("id"), f.optionalString("version"), f.optionalString("message"));
    }
  }

  public StatusResource {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(requestTimestamp, "requestTimestamp");
    successes = List.copyOf(successes);
    failures = List.copyOf(failures);
    pendings = List.copyOf(pendings);
  }

  /** The resource of a stored status. */
  public static StatusResource of(StatusRecord s) {
    return new StatusResource(
        s.id(),
        s.status(),
        Optional.of(Timestamps.format(s.requestTimestamp())),
        s.total(),
        s.successes().size(),
        details(s.successes()),
        s.failures().size(),
        details(s.failures()),
        s.pendings().size(),
        details(s.pendings()));
  }

  private static List<Detail> details(List<StatusRecord.Detail> list) {
    return list.stream().map(d -> new Detail(d.id(), d.version(), d.message())).toList();
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("id", id).put("status", status);
    requestTimestamp.ifPresent(t -> b.put("request_timestamp", t));
    b.put("total_count", totalCount);
    b.put("success_count", successCount);
    put(b, "successes", successes);
    b.put("failure_count", failureCount);
    put(b, "failures", failures);
    b.put("pending_count", pendingCount);
    put(b, "pendings", pendings);
    return b.build();
  }

  private static void put(JsonObject.Builder b, String name, List<Detail> list) {
    if (!list.isEmpty()) { // optional lists; TAXII lists are never empty
      b.put(name, new JsonArray(list.stream().<JsonValue>map(Detail::toJson).toList()));
    }
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static StatusResource fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    return new StatusResource(
        f.string("id"),
        f.string("status"),
        f.optionalString("request_timestamp"),
        f.integer("total_count"),
        f.integer("success_count"),
        details(f, "successes"),
        f.integer("failure_count"),
        details(f, "failures"),
        f.integer("pending_count"),
        details(f, "pendings"));
  }

  private static List<Detail> details(JsonFields f, String name) {
    List<Detail> out = new ArrayList<>();
    for (JsonFields d : f.optionalObjects(name)) {
      out.add(Detail.read(d));
    }
    return out;
  }
}
