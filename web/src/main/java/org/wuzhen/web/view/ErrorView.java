package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

/** A refused request as a page: the status, its title and what was wrong. */
public record ErrorView(Frame frame, int status, String title, String message) {
  public ErrorView {
    requireNonNull(frame, "frame");
    requireNonNull(title, "title");
    requireNonNull(message, "message");
  }
}
