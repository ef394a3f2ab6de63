package org.wuzhen.taxii;

import java.util.Locale;
import java.util.Optional;

/**
 * Content negotiation (§1.6.8): what an {@code Accept} header may ask for and what a POST body may
 * be. Lenient on input: the unversioned {@code application/taxii+json} means 2.1, as in
 * attack-workbench-taxii-server (medallion answers 406 there, a bug).
 */
final class MediaTypes {
  /** The media type of every TAXII response body. */
  static final String TAXII_21 = "application/taxii+json;version=2.1";

  static final String TAXII = "application/taxii+json";

  private MediaTypes() {}

  /**
   * Checks an {@code Accept} header: absent, or any range (with a non-zero q) that covers TAXII 2.1
   * JSON.
   *
   * @throws TaxiiError 406 naming the header value
   */
  static void requireAcceptable(Optional<String> accept) {
    if (accept.isEmpty() || accept.get().isBlank()) {
      return;
    }
    for (String range : accept.get().split(",")) {
      if (acceptsTaxii21(range)) {
        return;
      }
    }
    throw TaxiiError.notAcceptable(
        "Accept '"
            + accept.get()
            + "' does not allow "
            + TAXII_21
            + "; ask for it (or application/taxii+json, application/*, */*)");
  }

  private static boolean acceptsTaxii21(String range) {
    MediaType m = MediaType.parse(range);
    if (m.q().isPresent() && m.q().get() <= 0.0) {
      return false;
    }
    return switch (m.type()) {
      case "*/*", "application/*" -> true;
      case TAXII -> m.version().map("2.1"::equals).orElse(true);
      default -> false;
    };
  }

  /**
   * Checks a POST body's {@code Content-Type}: TAXII JSON, version 2.1 or unversioned.
   *
   * @throws TaxiiError 415 naming the header value
   */
  static void requireTaxiiBody(Optional<String> contentType) {
    if (contentType.isPresent()) {
      MediaType m = MediaType.parse(contentType.get());
      if (m.type().equals(TAXII) && m.version().map("2.1"::equals).orElse(true)) {
        return;
      }
    }
    throw TaxiiError.unsupportedMediaType(
        "Content-Type "
            + contentType.map(c -> "'" + c + "'").orElse("(absent)")
            + " is not supported; send the envelope as "
            + TAXII_21);
  }

  /** One media range: type/subtype in lower case plus the version and q parameters. */
  private record MediaType(String type, Optional<String> version, Optional<Double> q) {
    static MediaType parse(String text) {
      String[] parts = text.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      Optional<String> version = Optional.empty();
      Optional<Double> q = Optional.empty();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = unquote(parts[i].substring(eq + 1).trim());
        if (name.equals("version")) {
          version = Optional.of(value);
        } else if (name.equals("q")) {
          try {
            q = Optional.of(Double.parseDouble(value));
          } catch (NumberFormatException e) {
            q = Optional.of(0.0); // a malformed weight cannot select anything
          }
        }
      }
      return new MediaType(type, version, q);
    }

    private static String unquote(String v) {
      return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
          ? v.substring(1, v.length() - 1)
          : v;
    }
  }
}
