package org.wuzhen.store;

import java.util.Set;

/**
 * TAXII {@code match[version]}: any combination of {@code first}, {@code last}, {@code all} and
 * exact versions (microseconds). The TAXII default is {@code last}.
 */
public record VersionSelection(boolean first, boolean last, boolean all, Set<Long> versionsMicros) {
  public static final VersionSelection LAST = new VersionSelection(false, true, false, Set.of());
  public static final VersionSelection ALL = new VersionSelection(false, false, true, Set.of());

  public VersionSelection {
    versionsMicros = Set.copyOf(versionsMicros);
    if (!first && !last && !all && versionsMicros.isEmpty()) {
      throw new IllegalArgumentException("a version selection selects something");
    }
  }
}
