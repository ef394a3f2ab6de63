package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

/**
 * The login form.
 *
 * @param error why the last attempt failed; empty when there was none
 */
public record LoginView(Frame frame, String user, String error) {
  public LoginView {
    requireNonNull(frame, "frame");
    requireNonNull(user, "user");
    requireNonNull(error, "error");
  }
}
