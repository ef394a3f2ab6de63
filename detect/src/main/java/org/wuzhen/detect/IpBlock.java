package org.wuzhen.detect;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address block; a plain address is a block of one (/32 or /128). The parser
 * accepts exactly what the reference evaluator's ISSUBSET accepts (pattern's package-private {@code
 * IpNetwork}: no leading zeros in IPv4 parts, prefix without leading zeros), so the index never
 * misses a value the evaluator would read.
 */
record IpBlock(byte[] address, int prefix) {

  boolean isV4() {
    return address.length == 4;
  }

  /** Bit {@code i} of the address, most significant first. */
  int bit(int i) {
    return (address[i >> 3] >> (7 - (i & 7))) & 1;
  }

  static Optional<IpBlock> parse(String text) {
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
      if (p.isEmpty() || p.length() > 3 || !digits(p)) {
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
    return Optional.of(new IpBlock(bytes, prefix));
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !digits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
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
    int[] h = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
    int[] t = groups(gap < 0 ? "" : s.substring(gap + 2), true);
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
        int d = Character.digit(p.charAt(k), 16);
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
    return other instanceof IpBlock b && b.prefix == prefix && Arrays.equals(b.address, address);
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
