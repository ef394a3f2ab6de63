package org.wuzhen.taxii;

import org.junit.jupiter.api.Test;
import org.wuzhen.store.CollectionId;

/**
 * The permission rule on every endpoint: neither right → 404 everywhere; write-only → reads are
 * 403; read-only → POST and DELETE are 403; a user has its member's rights plus its own.
 */
abstract class PermissionsContract extends TaxiiFixture {
  private static final String ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

  private void allReads(Http who, CollectionId c, int status, String what) {
    String base = "api1/collections/" + c + "/";
    who.get(base + "objects/").expectError(status, what);
    who.get(base + "manifest/").expectError(status, what);
    who.get(base + "objects/" + ID + "/").expectError(status, what);
    who.get(base + "objects/" + ID + "/versions/").expectError(status, what);
  }

  @Test
  void aCollectionWithoutRightsDoesNotExistForTheCaller() {
    CollectionId c = collection("member:" + acme, true, true);
    asCarol.get("api1/collections/" + c + "/").expectError(404, "no collection");
    allReads(asCarol, c, 404, "no collection");
    asCarol.post(objects(c), "{\"objects\":[]}").expectError(404, "no collection");
    asCarol.delete(objects(c) + ID + "/").expectError(404, "no collection");
  }

  @Test
  void writeOnlyCallersCannotRead() {
    CollectionId c = collection("member:" + acme, false, true);
    allReads(asAlice, c, 403, "may not read");
    asAlice
        .post(objects(c), envelope(TaxiiFixture.indicator(ID, "2020-02-02T00:00:00.000Z")))
        .expect(202);
  }

  @Test
  void readOnlyCallersCannotWriteOrDelete() {
    CollectionId c = collection("member:" + acme, true, false);
    asAlice.get(objects(c)).expect(200);
    asAlice.post(objects(c), "{\"objects\":[]}").expectError(403, "may not write");
    asAlice.delete(objects(c) + ID + "/").expectError(403, "may not write");
  }

  @Test
  void aUserHasItsMembersRightsPlusItsOwn() {
    CollectionId c = collection("member:" + acme, true, false, "user:" + bob, false, true);
    asAlice.post(objects(c), "{\"objects\":[]}").expectError(403, "may not write");
    asBob.post(objects(c), "{\"objects\":[]}").expect(202);
    asBob.get(objects(c)).expect(200);
    asCarol.get(objects(c)).expectError(404, "no collection");
  }
}
