package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The URL parameters of a paged TAXII request (§3.4 pagination, §3.5 filtering): {@code
 * added_after}, {@code limit}, {@code next} and the {@code match[...]} filters, each list meaning
 * "any of these". {@link #NONE} asks for everything with the server's defaults. Immutable.
 */
public record ObjectFilter(
    Optional<String> addedAfter,
    OptionalInt limit,
    Optional<String> next,
    List<String> ids,
    List<String> types,
    List<String> versions,
    List<String> specVersions) {

  /** No parameters. */
  public static final ObjectFilter NONE =
      new ObjectFilter(
          Optional.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          List.of(),
          List.of(),
          List.of(),
          List.of());

  public ObjectFilter {
    requireNonNull(addedAfter, "addedAfter");
    requireNonNull(limit, "limit");
    requireNonNull(next, "next");
    ids = values("ids", ids);
    types = values("types", types);
    versions = values("versions", versions);
    specVersions = values("specVersions", specVersions);
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException("limit: must be at least 1, was " + limit.getAsInt());
    }
  }

  /** TAXII joins the values of one filter with commas, so a value cannot hold one. */
  private static List<String> values(String name, List<String> values) {
    for (String v : values) {
      if (v.isEmpty() || v.indexOf(',') >= 0) {
        throw new IllegalArgumentException(
            name + ": '" + v + "' is empty or holds a comma; give each value on its own");
      }
    }
    return List.copyOf(values);
  }

  public ObjectFilter withAddedAfter(String timestamp) {
    return new ObjectFilter(
        Optional.of(timestamp), limit, next, ids, types, versions, specVersions);
  }

  public ObjectFilter withLimit(int n) {
    return new ObjectFilter(
        addedAfter, OptionalInt.of(n), next, ids, types, versions, specVersions);
  }

  /** The {@code next} token of the previous page, for the page after it. */
  public ObjectFilter withNext(String token) {
    return new ObjectFilter(
        addedAfter, limit, Optional.of(token), ids, types, versions, specVersions);
  }

  public ObjectFilter withIds(String... values) {
    return new ObjectFilter(
        addedAfter, limit, next, List.of(values), types, versions, specVersions);
  }

  public ObjectFilter withTypes(String... values) {
    return new ObjectFilter(addedAfter, limit, next, ids, List.of(values), versions, specVersions);
  }

  /** {@code match[version]}: {@code first}, {@code last}, {@code all} or timestamps. */
  public ObjectFilter withVersions(String... values) {
    return new ObjectFilter(addedAfter, limit, next, ids, types, List.of(values), specVersions);
  }

  public ObjectFilter withSpecVersions(String... values) {
    return new ObjectFilter(addedAfter, limit, next, ids, types, versions, List.of(values));
  }

  /** Whether only the filters a delete (§5.7) takes are given. */
  boolean onlyVersions() {
    return addedAfter.isEmpty()
        && limit.isEmpty()
        && next.isEmpty()
        && ids.isEmpty()
        && types.isEmpty();
  }

  /** The query string, without the {@code ?}; empty for {@link #NONE}. */
  String query() {
    List<String> out = new ArrayList<>();
    addedAfter.ifPresent(v -> out.add(parameter("added_after", v)));
    limit.ifPresent(v -> out.add(parameter("limit", Integer.toString(v))));
    next.ifPresent(v -> out.add(parameter("next", v)));
    match(out, "id", ids);
    match(out, "type", types);
    match(out, "version", versions);
    match(out, "spec_version", specVersions);
    return String.join("&", out);
  }

  private static void match(List<String> out, String field, List<String> values) {
    if (!values.isEmpty()) {
      out.add(parameter("match[" + field + "]", String.join(",", values)));
    }
  }

  static String parameter(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
