#!/bin/bash
# Starts a fresh `serve --demo` from JAR (JOPTS: extra JVM options), warms up for 3 s, then POSTs
# envelopes of 1,000 new indicators with wrk for SECS seconds over CONN connections and prints
# objects/s. Run two builds alternately for an A/B (docs/benchmarks.md).
# usage: ingest-ab.sh LABEL JAR [seconds] [connections]  -> prints LABEL objects/s
LABEL=$1; JAR=$2; SECS=${3:-10}; CONN=${4:-2}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
D=/tmp/ab-$LABEL; rm -rf $D; PORT=19600
$J $JOPTS --enable-native-access=ALL-UNNAMED -jar $JAR serve --demo --data $D --port $PORT > /tmp/ab-$LABEL.log 2>&1 &
SP=$!
for i in $(seq 1 120); do f=$(find $D -name demo-credentials.json 2>/dev/null | head -1); [ -n "$f" ] && break; sleep 0.5; done
sleep 1
TOKEN=$(python3 -c "import json;print(json.load(open('$f'))[0]['token'])")
COLL=$(grep -A1 "^Collections" /tmp/ab-$LABEL.log | tail -1 | awk '{print $1}')
URL=http://127.0.0.1:$PORT/community/collections/$COLL/objects/
H1="Authorization: Bearer $TOKEN"; H2="Accept: application/taxii+json;version=2.1"; H3="Content-Type: application/taxii+json;version=2.1"
wrk -t1 -c$CONN -d3s -s "$(dirname "$0")/../wrk/post-envelopes.lua" -H "$H1" -H "$H2" -H "$H3" $URL > /dev/null
R=$(wrk -t1 -c$CONN -d${SECS}s -s "$(dirname "$0")/../wrk/post-envelopes.lua" -H "$H1" -H "$H2" -H "$H3" $URL)
echo "$LABEL $(echo "$R" | grep 'objects/s' | awk '{print $NF}') objects/s $(echo "$R" | grep -i 'non-2xx')"
kill $SP; wait $SP 2>/dev/null
rm -rf $D
