package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.AccountStore;
import org.wuzhen.store.Member;
import org.wuzhen.store.User;

/** The authenticated user of a request and the member it belongs to, as the server sees them. */
record Authenticated(User user, Member member) {
  Authenticated {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
  }

  /**
   * The user logged in with its member: the one lookup every way of logging in (password, token,
   * client certificate) ends with.
   *
   * @throws TaxiiError 401 when the user's member does not exist
   */
  static Authenticated of(User user, AccountStore accounts) {
    Member member =
        accounts
            .member(user.memberName())
            .orElseThrow(
                () ->
                    TaxiiError.unauthorized(
                        "user '" + user.name() + "' belongs to no existing member"));
    return new Authenticated(user, member);
  }

  /** The caller as extensions see it. */
  Caller caller() {
    return new Caller(user.name(), member.name(), member.identityId(), user.admin());
  }
}
