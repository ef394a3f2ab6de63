#!/bin/bash
# Ingest A/B on PostgreSQL: recreates database wuzhen on a running PostgreSQL (PGPORT, default
# 55432; PGBIN, default Debian's 15), makes one member, user, token and collection with the admin
# commands, starts `serve` from JAR on that store, warms up for 3 s, then POSTs envelopes of 1,000
# new indicators with wrk for SECS seconds over 2 connections and prints objects/s. Run two
# builds alternately (docs/benchmarks.md, "Transparency log", "On PostgreSQL").
# A private cluster for it:  initdb -D DIR -U wuzhen --auth=trust
#   pg_ctl -D DIR -o "-p 55432 -c listen_addresses=127.0.0.1 -c max_wal_size=8GB" start
# usage: pg-ingest-ab.sh LABEL JAR [seconds]  -> prints LABEL objects/s
LABEL=$1; JAR=$2; SECS=${3:-10}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}; PGPORT=${PGPORT:-55432}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
AS=""; [ "$(id -u)" = 0 ] && AS="runuser -u postgres --"
$AS $PGBIN/dropdb -h 127.0.0.1 -p $PGPORT -U wuzhen --if-exists wuzhen || exit 1
$AS $PGBIN/createdb -h 127.0.0.1 -p $PGPORT -U wuzhen wuzhen || exit 1
export WUZHEN_STORE_KIND=postgresql WUZHEN_STORE_URL=jdbc:postgresql://127.0.0.1:$PGPORT/wuzhen
export WUZHEN_STORE_USER=wuzhen WUZHEN_STORE_PASSWORD=unused-with-trust
D=/tmp/pgab-$LABEL; rm -rf $D; PORT=19601
$J -jar $JAR member add acme --data $D > /dev/null || exit 1
$J -jar $JAR user add alice --member acme --data $D > /dev/null || exit 1
TOKEN=$($J -jar $JAR token create --user alice --data $D | grep '^token:' | awk '{print $2}')
COLL=$($J -jar $JAR collection add --title shared --write member:acme --read member:acme --data $D | tail -1 | awk '{print $NF}')
$J --enable-native-access=ALL-UNNAMED -jar $JAR serve --data $D --port $PORT > /tmp/pgab-$LABEL.log 2>&1 &
SP=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$PORT/taxii2/ && break; sleep 0.5; done
URL=http://127.0.0.1:$PORT/community/collections/$COLL/objects/
H1="Authorization: Bearer $TOKEN"; H2="Accept: application/taxii+json;version=2.1"; H3="Content-Type: application/taxii+json;version=2.1"
S="$(dirname "$0")/../wrk/post-envelopes.lua"
wrk -t1 -c2 -d3s -s "$S" -H "$H1" -H "$H2" -H "$H3" $URL > /dev/null
R=$(wrk -t1 -c2 -d${SECS}s -s "$S" -H "$H1" -H "$H2" -H "$H3" $URL)
echo "$LABEL $(echo "$R" | grep 'objects/s' | awk '{print $NF}') objects/s $(echo "$R" | grep -i 'non-2xx')"
kill $SP; wait $SP 2>/dev/null
rm -rf $D
