package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The discovery resource (§4.1): the server's title and the absolute URLs of its API roots.
 *
 * @param defaultApiRoot the {@code default} API root's URL
 */
public record DiscoveryResource(
    String title,
    Optional<String> description,
    Optional<String> contact,
    Optional<String> defaultApiRoot,
    List<String> apiRoots) {
  public DiscoveryResource {
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(contact, "contact");
    requireNonNull(defaultApiRoot, "defaultApiRoot");
    apiRoots = List.copyOf(apiRoots);
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("title", title);
    description.ifPresent(v -> b.put("description", v));
    contact.ifPresent(v -> b.put("contact", v));
    defaultApiRoot.ifPresent(v -> b.put("default", v));
    if (!apiRoots.isEmpty()) {
      b.put("api_roots", strings(apiRoots));
    }
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static DiscoveryResource fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    return new DiscoveryResource(
        f.string("title"),
        f.optionalString("description"),
        f.optionalString("contact"),
        f.optionalString("default"),
        f.optionalStrings("api_roots"));
  }

  static JsonArray strings(List<String> values) {
    return new JsonArray(values.stream().<JsonValue>map(JsonString::new).toList());
  }
}
