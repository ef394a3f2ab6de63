package org.wuzhen.detect;

/**
 * Reads IPv6 text with an optional prefix ({@code 2001:db8::1}, {@code ::ffff:1.2.3.4/96}) without
 * allocating, accepting exactly the text {@link org.wuzhen.pattern.IpNetwork#parse} accepts as
 * IPv6: groups of one to four hex digits, at most one {@code ::} standing for at least one zero
 * group, eight groups without it, a dotted IPv4 tail as the last two, and a prefix of at most 128
 * without leading zeros. It runs on every string with a colon of a path with IPv6 blocks, where the
 * general parser's splitting and strings cost several per cent of the line rate. Stateless.
 */
final class Ipv6Text {
  /** What {@link #parse} returns for text that is not an IPv6 address or block. */
  static final int INVALID = -1;

  private Ipv6Text() {}

  /**
   * The prefix length, the address into {@code bits} (high, then low 64 bits); or {@link #INVALID}
   * (then {@code bits} holds nothing of use).
   */
  static int parse(CharSequence s, long[] bits) {
    int n = s.length();
    int slash = -1;
    boolean colon = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '/') {
        slash = i;
        break;
      }
      colon |= c == ':';
    }
    if (!colon) {
      return INVALID; // IPv4 text, or nothing IpNetwork reads as IPv6
    }
    int end = slash < 0 ? n : slash;
    int gap = -1;
    for (int i = 0; i + 1 < end; i++) {
      if (s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
        if (gap >= 0) {
          return INVALID; // a second "::" (":::" included)
        }
        gap = i;
      }
    }
    long high = 0;
    long low = 0;
    int groups;
    if (gap < 0) {
      long[] head = bits;
      groups = groups(s, 0, end, true, head);
      if (groups != 8) {
        return INVALID;
      }
      high = head[0];
      low = head[1];
    } else {
      int headGroups = groups(s, 0, gap, false, bits);
      if (headGroups < 0) {
        return INVALID;
      }
      // The head's groups are right-aligned in bits: move them to the top.
      long hh = bits[0];
      long hl = bits[1];
      int tailGroups = groups(s, gap + 2, end, true, bits);
      if (tailGroups < 0 || headGroups + tailGroups > 7) {
        return INVALID;
      }
      int shift = 16 * (8 - headGroups); // 16 to 128 bits
      if (headGroups > 0) {
        if (shift >= 64) {
          high = hl << (shift - 64);
        } else {
          high = (hh << shift) | (hl >>> (64 - shift));
          low = hl << shift;
        }
      }
      high |= bits[0];
      low |= bits[1];
    }
    int prefix = 128;
    if (slash >= 0) {
      int digits = n - slash - 1;
      if (digits < 1 || digits > 3 || (digits > 1 && s.charAt(slash + 1) == '0')) {
        return INVALID;
      }
      prefix = 0;
      for (int i = slash + 1; i < n; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return INVALID;
        }
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > 128) {
        return INVALID;
      }
    }
    bits[0] = high;
    bits[1] = low;
    return prefix;
  }

  /**
   * The groups of {@code [from, to)} (one side of "::"), shifted in 16 bits at a time at the low
   * end of {@code out} as one 128-bit number; their count (an IPv4 tail counts two), or -1.
   */
  private static int groups(CharSequence s, int from, int to, boolean mayEndWithV4, long[] out) {
    long high = 0;
    long low = 0;
    int count = 0;
    if (from < to) {
      int start = from;
      for (int i = from; i <= to; i++) {
        if (i < to && s.charAt(i) != ':') {
          continue;
        }
        // the part [start, i)
        boolean last = i == to;
        if (last && mayEndWithV4 && has(s, start, i, '.')) {
          long v4 = Ipv4Text.parse(s.subSequence(start, i));
          if (v4 == Ipv4Text.INVALID || (v4 >>> 32) != 32) {
            return -1; // a prefix inside a group is no IPv4 address
          }
          if (count + 2 > 8) {
            return -1;
          }
          high = (high << 32) | (low >>> 32);
          low = (low << 32) | (v4 & 0xffffffffL);
          count += 2;
        } else {
          int length = i - start;
          if (length < 1 || length > 4 || count == 8) {
            return -1;
          }
          int v = 0;
          for (int k = start; k < i; k++) {
            char c = s.charAt(k);
            int d =
                c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f'
                        ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
              return -1;
            }
            v = v * 16 + d;
          }
          high = (high << 16) | (low >>> 48);
          low = (low << 16) | v;
          count++;
        }
        start = i + 1;
      }
    }
    out[0] = high;
    out[1] = low;
    return count;
  }

  private static boolean has(CharSequence s, int from, int to, char c) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return true;
      }
    }
    return false;
  }
}
