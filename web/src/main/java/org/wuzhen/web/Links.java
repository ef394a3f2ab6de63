package org.wuzhen.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.web.view.Link;

/**
 * The only ways the console turns text into a link: a console path it builds itself, or an http(s)
 * URL it parsed. Anything else from a member or peer ({@code javascript:}, {@code data:}, relative
 * tricks) stays text.
 */
final class Links {
  private Links() {}

  /** The object page of a STIX id; empty when the text is not one. */
  static Optional<Link> object(String text) {
    try {
      StixId id = StixId.parse(text);
      return Optional.of(new Link(id.toString(), objectPath(id.toString())));
    } catch (StixFormatException e) {
      return Optional.empty();
    }
  }

  static String objectPath(String stixId) {
    return "/ui/objects/" + URLEncoder.encode(stixId, StandardCharsets.UTF_8) + "/";
  }

  /** A link to an absolute http or https URL with a host; empty for anything else. */
  static Optional<String> web(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i)) || Character.isWhitespace(text.charAt(i))) {
        return Optional.empty();
      }
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(uri.toASCIIString());
      }
    } catch (URISyntaxException e) {
      // not a URL: shown as text
    }
    return Optional.empty();
  }
}
