package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void tokensArePrefixedRandomBase64UrlAndHashToHexSha256() {
    String a = Tokens.generate();
    assertThat(a).matches("wz_[A-Za-z0-9_-]{43}").isNotEqualTo(Tokens.generate());
    assertThat(Tokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
