package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

/**
 * A link the console made: {@code href} is a console path it built or an http(s) URL it checked,
 * never text from an object as it came.
 */
public record Link(String text, String href) {
  public Link {
    requireNonNull(text, "text");
    requireNonNull(href, "href");
  }
}
