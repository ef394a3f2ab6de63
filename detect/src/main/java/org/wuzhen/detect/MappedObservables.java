package org.wuzhen.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Turns one generic JSON line into an event through a {@link FieldMapping}: an observable for each
 * object rule that found at least one of its fields, and the connection when its fields are there.
 * Stateless.
 */
final class MappedObservables {
  private MappedObservables() {}

  static Event toEvent(FieldMapping mapping, JsonRecord r, String source, ObservableTypes wanted) {
    ObservableSet set = new ObservableSet(source, wanted);
    for (FieldMapping.ObjectRule rule : mapping.objects()) {
      add(rule, r, set);
    }
    mapping
        .connection()
        .ifPresent(
            c ->
                Observables.connection(
                    set,
                    r.text(c.src()),
                    r.text(c.dst()),
                    c.srcPort().map(r::count).orElse(java.util.OptionalLong.empty()),
                    c.dstPort().map(r::count).orElse(java.util.OptionalLong.empty()),
                    c.protocol().flatMap(r::text),
                    List.of(),
                    Optional.empty(),
                    JsonObject.EMPTY));
    return new Event(source, TimeText.stix(time(mapping, r)), set.objects());
  }

  private static Instant time(FieldMapping mapping, JsonRecord r) {
    String field = mapping.timeField();
    JsonValue v =
        r.value(field).orElseThrow(() -> new ZeekRecord.BadRecordException(field + ": missing"));
    try {
      return switch (mapping.timeFormat()) {
        case ISO8601 -> {
          if (!(v instanceof JsonString s)) {
            throw new ZeekRecord.BadRecordException(field + ": expected an ISO 8601 string");
          }
          yield JsonZeekRecord.isoTime(s.value());
        }
        case EPOCH_SECONDS -> ZeekRecord.epochSeconds(field, numberText(field, v));
        case EPOCH_MILLIS -> Instant.ofEpochMilli(Long.parseLong(numberText(field, v)));
      };
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new ZeekRecord.BadRecordException(
          field + ": not a " + mapping.timeFormat().text() + " time");
    }
  }

  private static String numberText(String field, JsonValue v) {
    return switch (v) {
      case JsonNumber n -> n.text();
      case JsonString s -> s.value();
      default ->
          throw new ZeekRecord.BadRecordException(field + ": expected a number, found " + v.kind());
    };
  }

  private static void add(FieldMapping.ObjectRule rule, JsonRecord r, ObservableSet set) {
    String type = rule.type();
    JsonObject built = JsonObject.EMPTY;
    boolean any = false;
    for (FieldMapping.PropertyRule p : rule.properties()) {
      Optional<JsonValue> v = r.value(p.field());
      if (v.isPresent()) {
        built = put(built, p.path(), 0, v.get());
        any = true;
      }
    }
    if (!any) {
      return;
    }
    if (type.equals("ip-addr")) {
      Optional<IpNetwork> ip = built.string("value").flatMap(IpNetwork::parse);
      if (ip.isEmpty() || built.string("value").orElseThrow().indexOf('/') >= 0) {
        return; // not an address: nothing to add
      }
      type = ip.get().isV4() ? "ipv4-addr" : "ipv6-addr";
    }
    JsonObject.Builder b = Observables.sco(type);
    for (int i = 0; i < built.size(); i++) {
      b.put(built.nameAt(i), built.valueAt(i));
    }
    set.add(b);
  }

  /** {@code into} with {@code value} at the path from segment {@code at} on. */
  private static JsonObject put(JsonObject into, List<String> path, int at, JsonValue value) {
    String name = path.get(at);
    if (at == path.size() - 1) {
      return into.with(name, value);
    }
    JsonObject inner =
        into.get(name)
            .filter(JsonObject.class::isInstance)
            .map(JsonObject.class::cast)
            .orElse(JsonObject.EMPTY);
    return into.with(name, put(inner, path, at + 1, value));
  }
}
