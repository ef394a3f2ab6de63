package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.VersionSelection;

/**
 * The URL parameters of a paged object request (§3.4, §3.5), parsed: {@code added_after}, {@code
 * limit}, {@code next}, {@code match[id]}, {@code match[type]}, {@code match[version]}, {@code
 * match[spec_version]}. Within one filter a comma means OR (a repeated parameter too); different
 * filters AND. Unknown parameters are ignored, as TAXII asks of filters a server does not support.
 *
 * @param canonical a text that is equal for two requests exactly when they select the same objects;
 *     its digest binds {@code next} tokens to their query
 */
record Filters(
    Optional<Long> addedAfterMicros,
    List<String> ids,
    List<String> types,
    VersionSelection versions,
    List<String> specVersions,
    int limit,
    Optional<String> next,
    String canonical) {

  private static final Pattern SPEC_VERSION = Pattern.compile("\\d+\\.\\d+");

  Filters {
    requireNonNull(addedAfterMicros, "addedAfterMicros");
    ids = List.copyOf(ids);
    types = List.copyOf(types);
    requireNonNull(versions, "versions");
    specVersions = List.copyOf(specVersions);
    requireNonNull(next, "next");
    requireNonNull(canonical, "canonical");
  }

  /** The endpoints whose filters differ. */
  enum Endpoint {
    OBJECTS,
    MANIFEST,
    OBJECT,
    VERSIONS
  }

  /**
   * Parses the parameters of one request.
   *
   * @param scope the collection and, for single-object endpoints, the object; part of {@link
   *     #canonical}
   * @param objectId the object of {@code OBJECT} and {@code VERSIONS}, else empty
   * @throws TaxiiError 400 naming the bad parameter
   */
  static Filters parse(
      Endpoint endpoint,
      String scope,
      Optional<String> objectId,
      Map<String, List<String>> params,
      int defaultLimit,
      int maxLimit) {
    Optional<Long> addedAfter = single(params, "added_after").map(Filters::addedAfter);
    List<String> ids;
    List<String> types;
    if (endpoint == Endpoint.OBJECTS || endpoint == Endpoint.MANIFEST) {
      ids = values(params, "match[id]");
      types = values(params, "match[type]");
    } else {
      ids = List.of(objectId.orElseThrow());
      types = List.of();
    }
    VersionSelection versions =
        endpoint == Endpoint.VERSIONS
            ? VersionSelection.ALL
            : versionSelection(params, VersionSelection.LAST);
    List<String> specVersions = specVersions(params);
    int limit = single(params, "limit").map(v -> limit(v, maxLimit)).orElse(defaultLimit);
    Optional<String> next = single(params, "next");
    String canonical =
        String.join(
            "\n",
            endpoint.name(),
            scope,
            addedAfter.map(String::valueOf).orElse("-"),
            String.join(",", new TreeSet<>(ids)),
            String.join(",", new TreeSet<>(types)),
            canonical(versions),
            String.join(",", new TreeSet<>(specVersions)));
    return new Filters(addedAfter, ids, types, versions, specVersions, limit, next, canonical);
  }

  /**
   * {@code match[version]} and {@code match[spec_version]} of a DELETE (§5.7): by default every
   * version.
   */
  static VersionSelection deleteVersions(Map<String, List<String>> params) {
    return versionSelection(params, VersionSelection.ALL);
  }

  static List<String> specVersions(Map<String, List<String>> params) {
    List<String> out = values(params, "match[spec_version]");
    for (String v : out) {
      if (!SPEC_VERSION.matcher(v).matches()) {
        throw TaxiiError.badRequest(
            "match[spec_version]: '" + v + "' is not a spec version such as 2.1");
      }
    }
    return out;
  }

  ObjectQuery query(Optional<PageCursor> after, boolean withJson) {
    return new ObjectQuery(
        addedAfterMicros, ids, types, versions, specVersions, limit, after, withJson);
  }

  private static long addedAfter(String text) {
    return Timestamps.parseLenient(text)
        .map(Timestamps::micros)
        .orElseThrow(
            () ->
                TaxiiError.badRequest(
                    "added_after: '"
                        + text
                        + "' is not a timestamp (expected e.g. 2024-01-02T03:04:05.123456Z)"));
  }

  private static int limit(String text, int maxLimit) {
    if (!text.matches("\\d{1,20}")) {
      throw TaxiiError.badRequest("limit: '" + text + "' is not a positive integer");
    }
    String digits = text.replaceFirst("^0+(?=.)", "");
    if (digits.equals("0")) {
      throw TaxiiError.badRequest("limit: must be greater than 0, was " + text);
    }
    // Larger limits are clamped (TAXII lets a server return fewer items than asked for).
    return digits.length() > 9 ? maxLimit : Math.min(Integer.parseInt(digits), maxLimit);
  }

  private static VersionSelection versionSelection(
      Map<String, List<String>> params, VersionSelection absent) {
    List<String> values = values(params, "match[version]");
    if (values.isEmpty()) {
      return absent;
    }
    boolean first = false;
    boolean last = false;
    boolean all = false;
    Set<Long> exact = new HashSet<>();
    for (String v : values) {
      switch (v.toLowerCase(Locale.ROOT)) {
        case "first" -> first = true;
        case "last" -> last = true;
        case "all" -> all = true;
        default ->
            exact.add(
                Timestamps.parseLenient(v)
                    .map(Timestamps::micros)
                    .orElseThrow(
                        () ->
                            TaxiiError.badRequest(
                                "match[version]: '"
                                    + v
                                    + "' is neither first, last, all nor a timestamp")));
      }
    }
    return new VersionSelection(first, last, all, exact);
  }

  private static String canonical(VersionSelection v) {
    return (v.first() ? "first," : "")
        + (v.last() ? "last," : "")
        + (v.all() ? "all," : "")
        + new TreeSet<>(v.versionsMicros());
  }

  /** The one value of a parameter; empty when absent, 400 when given twice. */
  private static Optional<String> single(Map<String, List<String>> params, String name) {
    List<String> given = params.getOrDefault(name, List.of());
    if (given.isEmpty()) {
      return Optional.empty();
    }
    if (given.size() > 1) {
      throw TaxiiError.badRequest(name + ": given " + given.size() + " times, expected once");
    }
    String value = given.getFirst().trim();
    if (value.isEmpty()) {
      throw TaxiiError.badRequest(name + ": must not be empty");
    }
    return Optional.of(value);
  }

  /** Every comma-separated value of every occurrence of a parameter, without duplicates. */
  private static List<String> values(Map<String, List<String>> params, String name) {
    List<String> out = new ArrayList<>();
    for (String occurrence : params.getOrDefault(name, List.of())) {
      for (String v : occurrence.split(",", -1)) {
        String value = v.trim();
        if (value.isEmpty()) {
          throw TaxiiError.badRequest(
              name + ": empty value in '" + occurrence + "' (expected a comma-separated list)");
        }
        if (!out.contains(value)) {
          out.add(value);
        }
      }
    }
    return out;
  }
}
