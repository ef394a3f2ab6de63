package org.wuzhen.detect;

import java.util.Set;

/**
 * Which cyber-observable types an event needs to hold: the readers build only those, so a plan that
 * looks at domain names alone costs no address, certificate or network-traffic objects. {@link
 * #ALL} builds everything.
 */
@FunctionalInterface
public interface ObservableTypes {
  /** Every type: what a reader builds when nothing says otherwise. */
  ObservableTypes ALL = type -> true;

  boolean wants(String type);

  /** Exactly these types. */
  static ObservableTypes of(Set<String> types) {
    Set<String> copy = Set.copyOf(types);
    return copy::contains;
  }
}
