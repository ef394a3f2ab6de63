#!/bin/bash
# Starts a fresh `serve --demo` from JAR, warms up for 3 s, then pages the ATT&CK ICS collection
# (limit=1000) with 4 wrk connections for SECS seconds and prints objects/s.
# usage: paging-ab.sh LABEL JAR [seconds] -> objects/s paging the ATT&CK ICS collection, limit=1000, 4 readers
LABEL=$1; JAR=$2; SECS=${3:-10}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
D=/tmp/pab-$LABEL; rm -rf $D; PORT=19620
$J --enable-native-access=ALL-UNNAMED -jar $JAR serve --demo --data $D --port $PORT > /tmp/pab-$LABEL.log 2>&1 &
SP=$!
for i in $(seq 1 120); do f=$(find $D -name demo-credentials.json 2>/dev/null | head -1); [ -n "$f" ] && break; sleep 0.5; done
sleep 1
TOKEN=$(python3 -c "import json;print(json.load(open('$f'))[0]['token'])")
COLL=$(grep "attack-ics" /tmp/pab-$LABEL.log | head -1 | awk '{print $1}')
URL="http://127.0.0.1:$PORT/community/collections/$COLL/objects/?limit=1000"
N=$(curl -s -H "Authorization: Bearer $TOKEN" -H "Accept: application/taxii+json;version=2.1" "$URL" | python3 -c "import json,sys;print(len(json.load(sys.stdin)['objects']))")
wrk -t2 -c4 -d3s -H "Authorization: Bearer $TOKEN" -H "Accept: application/taxii+json;version=2.1" "$URL" > /dev/null
R=$(wrk -t2 -c4 -d${SECS}s -H "Authorization: Bearer $TOKEN" -H "Accept: application/taxii+json;version=2.1" "$URL" | grep Requests/sec | awk '{print $2}')
echo "$LABEL $R pages/s x $N objects = $(python3 -c "print(round($R*$N))") objects/s"
kill $SP; wait $SP 2>/dev/null; rm -rf $D
