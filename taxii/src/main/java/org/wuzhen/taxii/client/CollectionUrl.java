package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TAXII collection's URL taken apart, for commands given one URL: the server's base URL (for
 * {@link TaxiiClient#builder}), the API root's path below it and the collection's id.
 *
 * @param apiRoot the API root's path below {@code base}, ending in {@code /}
 */
public record CollectionUrl(URI base, String apiRoot, String collection) {
  private static final Pattern URL =
      Pattern.compile("(https?://[^/?#]+/)((?:[^/?#]+/)+)collections/([^/?#]+)/?");

  public CollectionUrl {
    requireNonNull(base, "base");
    requireNonNull(apiRoot, "apiRoot");
    requireNonNull(collection, "collection");
  }

  /**
   * Parses {@code http(s)://host[:port]/ROOT/collections/ID/}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static CollectionUrl parse(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a TAXII collection URL like http://host/api/collections/ID/, found '"
              + url
              + "'");
    }
    try {
      return new CollectionUrl(URI.create(m.group(1)), m.group(2), m.group(3));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: '" + url + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return base + apiRoot + "collections/" + collection + "/";
  }
}
