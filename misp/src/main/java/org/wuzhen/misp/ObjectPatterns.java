package org.wuzhen.misp;

import static org.wuzhen.misp.AttributePatterns.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.misp.AttributePatterns.Sco;
import org.wuzhen.misp.MispModel.Attribute;
import org.wuzhen.misp.MispModel.MispObject;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;

/**
 * misp-stix's table for the object templates mapped here (file, domain-ip, url): one SCO and one
 * pattern over the object's attributes. Other templates become {@code x-misp-object} objects that
 * keep every attribute.
 */
final class ObjectPatterns {
  private ObjectPatterns() {}

  /** The object's pattern and main SCO, or empty when the template is not mapped. */
  static Optional<AttributePatterns.Mapped> of(MispObject o) {
    List<String> parts = new ArrayList<>();
    return switch (o.name()) {
      case "file" -> {
        JsonObject.Builder sco = JsonObject.builder();
        JsonObject.Builder hashes = JsonObject.builder();
        boolean anyHash = false;
        for (Attribute a : o.attributes()) {
          String r = a.objectRelation().orElse("");
          String hash = AttributePatterns.HASHES.get(r);
          if (hash != null) {
            parts.add("file:hashes." + hash + " = '" + quote(a.value()) + "'");
            hashes.put(hash, a.value());
            anyHash = true;
          } else if (r.equals("filename")) {
            parts.add("file:name = '" + quote(a.value()) + "'");
            sco.put("name", a.value());
          } else if (r.equals("size-in-bytes") && a.value().matches("[0-9]{1,18}")) {
            parts.add("file:size = " + a.value());
            sco.put("size", new JsonNumber(a.value()));
          }
        }
        if (anyHash) {
          sco.put("hashes", hashes.build());
        }
        yield parts.isEmpty() ? Optional.empty() : mapped(parts, new Sco("file", sco.build()));
      }
      case "domain-ip" -> {
        Optional<String> domain = Optional.empty();
        for (Attribute a : o.attributes()) {
          String r = a.objectRelation().orElse("");
          if (r.equals("domain")) {
            parts.add("domain-name:value = '" + quote(a.value()) + "'");
            domain = domain.or(() -> Optional.of(a.value()));
          } else if (r.equals("ip")) {
            parts.add("domain-name:resolves_to_refs[*].value = '" + quote(a.value()) + "'");
          }
        }
        yield domain.isEmpty()
            ? Optional.empty()
            : mapped(parts, new Sco("domain-name", AttributePatterns.props("value", domain.get())));
      }
      case "url" -> {
        for (Attribute a : o.attributes()) {
          if (a.objectRelation().orElse("").equals("url")) {
            parts.add("url:value = '" + quote(a.value()) + "'");
            yield mapped(parts, new Sco("url", AttributePatterns.props("value", a.value())));
          }
        }
        yield Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private static Optional<AttributePatterns.Mapped> mapped(List<String> parts, Sco sco) {
    return Optional.of(
        new AttributePatterns.Mapped("[" + String.join(" AND ", parts) + "]", List.of(sco)));
  }
}
