package org.wuzhen.pattern;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address block: a plain address is a block of one (/32 or /128). Parsed strictly
 * from text, without name lookups. Used by ISSUBSET and ISSUPERSET (STIX 2.1 §9.3), and by the
 * detection engine's prefix index, so both accept exactly the same text. The address array is never
 * modified.
 */
public record IpNetwork(byte[] address, int prefix) {

  public boolean isV4() {
    return address.length == 4;
  }

  /** The {@code i}-th bit of the address, from the most significant (0) on. */
  public int bit(int i) {
    return bit(address, i);
  }

  /** True when every address of {@code other} is in this block. */
  public boolean contains(IpNetwork other) {
    if (other.address.length != address.length || other.prefix < prefix) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      if (bit(address, bit) != bit(other.address, bit)) {
        return false;
      }
    }
    return true;
  }

  private static int bit(byte[] a, int i) {
    return (a[i >> 3] >> (7 - (i & 7))) & 1;
  }

  /** True when host bits below the prefix are set, as in {@code 10.0.0.1/8}. */
  boolean hasHostBits() {
    for (int bit = prefix; bit < address.length * 8; bit++) {
      if (bit(address, bit) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Parses {@code a.b.c.d[/n]} or an IPv6 address with an optional prefix; empty when invalid. */
  public static Optional<IpNetwork> parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = addr.indexOf(':') >= 0 ? v6(addr) : v4(addr);
    if (bytes == null) {
      return Optional.empty();
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        return Optional.empty();
      }
    }
    return Optional.of(new IpNetwork(bytes, prefix));
  }

  private static byte[] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return null; // leading zeros are ambiguous (octal in some parsers)
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] v6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? s : s.substring(0, gap);
    String tail = gap < 0 ? "" : s.substring(gap + 2);
    int[] h = groups(head, gap < 0);
    int[] t = groups(tail, true);
    if (h == null || t == null) {
      return null;
    }
    int total = h.length + t.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(t, 0, all, 8 - t.length, t.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** 16-bit groups of one side of "::"; an IPv4 tail counts as two groups. */
  private static int[] groups(String s, boolean mayEndWithV4) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndWithV4 && p.indexOf('.') >= 0) {
        byte[] v4 = v4(p);
        if (v4 == null) {
          return null;
        }
        out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        int d =
            c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpNetwork n && n.prefix == prefix && Arrays.equals(n.address, address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + prefix;
  }

  @Override
  public String toString() {
    return Arrays.toString(address) + "/" + prefix;
  }
}
