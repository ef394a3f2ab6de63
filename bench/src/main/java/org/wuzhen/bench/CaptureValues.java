package org.wuzhen.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Every value the benchmark capture's observables hold, so that a generated indicator can be drawn
 * again until it matches none of them ({@link IndicatorSet}, {@code -Dwuzhen.avoid=true}): each
 * string of each observable (addresses, names, hashes, anything nested), the IPv4 addresses as
 * sorted unsigned 32-bit numbers and the IPv6 addresses, for blocks. {@link #NONE} avoids nothing.
 * Immutable.
 */
record CaptureValues(Set<String> texts, long[] ipv4Sorted, List<IpNetwork> ipv6) {
  static final CaptureValues NONE = new CaptureValues(Set.of(), new long[0], List.of());

  CaptureValues {
    texts = Set.copyOf(texts);
    ipv4Sorted = ipv4Sorted.clone();
    Arrays.sort(ipv4Sorted);
    ipv6 = List.copyOf(ipv6);
  }

  /** The values of every observable of these objects (an event's, one after the other). */
  static final class Collector {
    private final Set<String> texts = new HashSet<>();
    private final Set<Long> ipv4 = new HashSet<>();
    private final Set<IpNetwork> ipv6 = new HashSet<>();

    void add(JsonObject observable) {
      String type = observable.string("type").orElse("");
      for (int i = 0; i < observable.size(); i++) {
        String name = observable.nameAt(i);
        if (!name.equals("id") && !name.equals("type") && !name.endsWith("_ref")) {
          strings(observable.valueAt(i));
        }
      }
      Optional<String> value = observable.string("value");
      if (value.isPresent() && (type.equals("ipv4-addr") || type.equals("ipv6-addr"))) {
        IpNetwork.parse(value.get())
            .ifPresent(
                a -> {
                  if (a.isV4()) {
                    ipv4.add(Integer.toUnsignedLong(bits(a.address())));
                  } else {
                    ipv6.add(a);
                  }
                });
      }
    }

    private void strings(JsonValue v) {
      switch (v) {
        case JsonString s -> texts.add(s.value());
        case JsonArray a -> a.elements().forEach(this::strings);
        case JsonObject o -> {
          for (int i = 0; i < o.size(); i++) {
            strings(o.valueAt(i));
          }
        }
        default -> {}
      }
    }

    CaptureValues values() {
      long[] v4 = ipv4.stream().mapToLong(Long::longValue).toArray();
      return new CaptureValues(texts, v4, new ArrayList<>(ipv6));
    }
  }

  /** Whether the capture holds this text as some observable's value. */
  boolean holds(String text) {
    return texts.contains(text);
  }

  /** Whether some IPv4 address of the capture lies in {@code address/prefix}. */
  boolean coversIpv4(int address, int prefix) {
    long low = Integer.toUnsignedLong(address) & (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    long high = low + (1L << (32 - prefix)) - 1;
    int found = Arrays.binarySearch(ipv4Sorted, low);
    int at = found >= 0 ? found : -found - 1;
    return at < ipv4Sorted.length && ipv4Sorted[at] <= high;
  }

  /** Whether some IPv6 address of the capture lies in the block. */
  boolean coversIpv6(IpNetwork block) {
    for (IpNetwork a : ipv6) {
      if (block.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some text of the capture ends with {@code suffix} or is found by {@code regex}. */
  boolean anyEndsWith(String suffix) {
    for (String t : texts) {
      if (t.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  boolean anyFound(Pattern regex) {
    for (String t : texts) {
      if (regex.matcher(t).find()) {
        return true;
      }
    }
    return false;
  }

  static int bits(byte[] address) {
    return ((address[0] & 255) << 24)
        | ((address[1] & 255) << 16)
        | ((address[2] & 255) << 8)
        | (address[3] & 255);
  }
}
