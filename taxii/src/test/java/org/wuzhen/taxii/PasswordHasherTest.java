package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void defaultHashIsArgon2idInPhcFormatAndVerifies() {
    String hash = PasswordHasher.defaults().hash("s3cret");
    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHasher.verify("s3cret", hash)).isTrue();
    assertThat(PasswordHasher.verify("s3cret ", hash)).isFalse();
  }

  @Test
  void saltsDifferAndCostsComeFromTheEncodedHash() {
    PasswordHasher cheap = PasswordHasher.withCost(64, 1, 1);
    String a = cheap.hash("pw");
    String b = cheap.hash("pw");
    assertThat(a).isNotEqualTo(b).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
    assertThat(PasswordHasher.verify("pw", a)).isTrue();
    assertThat(PasswordHasher.verify("pw", b)).isTrue();
  }

  @Test
  void matchesAKnownArgon2idVector() {
    // RFC 9106 parameters are not PHC-encoded, so this vector comes from the reference CLI:
    // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32
    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThat(PasswordHasher.verify("password", reference)).isTrue();
    assertThat(PasswordHasher.verify("Password", reference)).isFalse();
  }

  @Test
  void malformedOrHostileEncodingsNeverMatch() {
    assertThat(PasswordHasher.verify("pw", "")).isFalse();
    assertThat(PasswordHasher.verify("pw", "plaintext")).isFalse();
    assertThat(
            PasswordHasher.verify(
                "pw", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"))
        .isFalse();
    assertThat(
            PasswordHasher.verify(
                "pw", "$argon2id$v=19$m=9999999,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"))
        .isFalse();
    assertThatThrownBy(() -> PasswordHasher.withCost(64, 0, 1)).hasMessageContaining("iterations");
  }
}
