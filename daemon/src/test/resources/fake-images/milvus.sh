#!/bin/sh
# A fake Milvus component for the Compose driver's tests. `milvus run <component>` does what the
# driver can see of Milvus: it holds a session in etcd (a key under <root>/meta/session/ bound to a
# lease it keeps alive, so the key goes a few seconds after the container stops) and serves /healthz
# on port 9091. etcd is reached as Milvus reaches it: ETCD_ENDPOINTS, through etcd's JSON gateway.
role="$2"
ep="${ETCD_ENDPOINTS%%,*}"
root="${ETCD_ROOT_PATH:-by-dev}"
# busybox wget's -T crashes in Debian's static build: timeout(1) bounds it instead.
post() { timeout 2 wget -qO- --header 'Content-Type: application/json' --post-data "$2" "http://$ep$1"; }
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
lease=""
while [ -z "$lease" ]; do
  lease=$(post /v3/lease/grant '{"TTL":2}' | sed -n 's/.*"ID":"\([0-9]*\)".*/\1/p')
  [ -n "$lease" ] || sleep 0.2
done
session="{\"ServerName\":\"$role\",\"Version\":\"$MILVUS_FAKE_VERSION\"}"
post /v3/kv/put "{\"key\":\"$(b64 "$root/meta/session/$role-$HOSTNAME")\",\"value\":\"$(b64 "$session")\",\"lease\":\"$lease\"}" >/dev/null
( while sleep 0.5; do post /v3/lease/keepalive "{\"ID\":\"$lease\"}" >/dev/null; done ) &
# Milvus's gRPC port (19530) of the entry component: a relay to the gRPC stand-in the test runs on the Docker host
# (reached through this network's gateway), which answers GetVersion with this container's image version.
if [ -n "$MILVUS_STANDIN_PORT" ] && { [ "$role" = standalone ] || [ "$role" = proxy ]; }; then
  gateway=$(ip route | sed -n 's/^default via \([0-9.]*\).*/\1/p')
  nc -ll -p 19530 -e nc "$gateway" "$MILVUS_STANDIN_PORT" &
fi
mkdir -p /www && echo OK > /www/healthz
echo "fake Milvus $MILVUS_FAKE_VERSION: $role serving /healthz on 9091"
exec httpd -f -p 9091 -h /www
