package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {
  @Test
  void readsMembersAndUsersAndWritesThemBackAsGiven() {
    assertThat(Principal.parse("member:cert-a")).isEqualTo(Principal.member("cert-a"));
    assertThat(Principal.parse("user:alice")).isEqualTo(Principal.user("alice"));
    assertThat(Principal.parse("member:cert-a").text()).isEqualTo("member:cert-a");
    assertThat(Principal.parse("user:alice").text()).isEqualTo("user:alice");
    assertThat(Principal.parse("user:alice").name()).isEqualTo("alice");
  }

  @Test
  void aMemberAndAUserOfTheSameNameAreDifferentPrincipals() {
    assertThat(Principal.member("acme")).isNotEqualTo(Principal.user("acme"));
  }

  @Test
  void refusesTextThatNamesNeitherAMemberNorAUser() {
    for (String bad : new String[] {"everyone", "member:", "user:", "Member:acme", "group:x", ""}) {
      assertThatThrownBy(() -> Principal.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("principal '" + bad + "' must be member:NAME or user:NAME");
    }
    assertThatThrownBy(() -> Principal.member(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name is empty");
  }
}
