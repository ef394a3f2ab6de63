package org.wuzhen.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionRequest;

/** A submitted HTML form ({@code application/x-www-form-urlencoded}), its fields by name. */
record Form(Map<String, List<String>> fields) {
  static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

  Form {
    fields = Map.copyOf(fields);
  }

  /**
   * The form a POST carries.
   *
   * @throws ExtensionException 415 for another media type, 400 for a malformed body
   */
  static Form of(ExtensionRequest request) {
    String type = request.header("Content-Type").orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(MEDIA_TYPE)) {
      throw new ExtensionException(
          415,
          "Unsupported Media Type",
          "the console's forms are sent as " + MEDIA_TYPE + ", not '" + type + "'");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw ExtensionException.badRequest(
            "form: malformed field '"
                + pair.substring(0, Math.min(pair.length(), 40))
                + "': "
                + e.getMessage());
      }
    }
    return new Form(fields);
  }

  /** The first value of a field. */
  Optional<String> first(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /**
   * The first value of a field that must be there.
   *
   * @throws ExtensionException 400 naming the field
   */
  String required(String name) {
    return first(name)
        .orElseThrow(() -> ExtensionException.badRequest("form field '" + name + "': missing"));
  }
}
