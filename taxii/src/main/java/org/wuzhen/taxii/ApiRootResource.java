package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The API root resource (§4.2).
 *
 * @param versions the TAXII media types the root serves
 * @param maxContentLength the largest request body the root accepts, in octets
 */
public record ApiRootResource(
    String title, Optional<String> description, List<String> versions, long maxContentLength) {
  public ApiRootResource {
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    versions = List.copyOf(versions);
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("title", title);
    description.ifPresent(v -> b.put("description", v));
    b.put("versions", DiscoveryResource.strings(versions));
    b.put("max_content_length", maxContentLength);
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static ApiRootResource fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    return new ApiRootResource(
        f.string("title"),
        f.optionalString("description"),
        f.strings("versions"),
        f.integer("max_content_length"));
  }
}
