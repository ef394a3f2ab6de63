package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

/**
 * What every console page shows around its content: the title, who is logged in (empty names on the
 * login page) and the session's CSRF token for its forms. Public only because the precompiled
 * templates live in their own package; no other module uses it.
 *
 * @param section the navigation entry to mark as current ("home", "search", ...)
 */
public record Frame(String title, String user, String member, String csrf, String section) {
  public Frame {
    requireNonNull(title, "title");
    requireNonNull(user, "user");
    requireNonNull(member, "member");
    requireNonNull(csrf, "csrf");
    requireNonNull(section, "section");
  }

  public boolean loggedIn() {
    return !user.isEmpty();
  }
}
