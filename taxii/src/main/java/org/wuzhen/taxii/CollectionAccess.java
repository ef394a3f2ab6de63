package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.AccountStore;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Permission;

/**
 * A collection and what the caller may do with it: the union of the rights granted to its member
 * ({@code member:NAME}) and to the user itself ({@code user:NAME}).
 *
 * <p>The one rule, applied everywhere: a collection the caller can neither read nor write does not
 * exist for it (404, not listed); reading without {@code can_read} and writing or deleting without
 * {@code can_write} are 403.
 */
record CollectionAccess(CollectionInfo info, boolean canRead, boolean canWrite) {
  CollectionAccess {
    requireNonNull(info, "info");
  }

  static CollectionAccess of(AccountStore accounts, CollectionInfo info, Caller caller) {
    boolean read = false;
    boolean write = false;
    for (Permission p : accounts.permissions(info.id())) {
      if (caller.holds(p)) {
        read |= p.canRead();
        write |= p.canWrite();
      }
    }
    return new CollectionAccess(info, read, write);
  }

  boolean visible() {
    return canRead || canWrite;
  }

  CollectionAccess requireRead() {
    if (!canRead) {
      throw TaxiiError.forbidden(
          "you may not read collection " + info.id() + " (can_read is false for you)");
    }
    return this;
  }

  CollectionAccess requireWrite() {
    if (!canWrite) {
      throw TaxiiError.forbidden(
          "you may not write to collection " + info.id() + " (can_write is false for you)");
    }
    return this;
  }
}
