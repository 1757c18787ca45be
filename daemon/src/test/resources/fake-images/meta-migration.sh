#!/bin/sh
# A fake milvusdb/meta-migration: `meta-migration -config=/milvus/configs/migration.yaml`. Like the
# real tool it reads etcd's endpoints and root path from migration.yaml and refuses to run while a
# Milvus session is alive; its "migration" is a marker key, <root>/meta/migrated = "<source> -> <target>".
# With the key <root>/test/fail-migration present it fails half-way (after writing the marker).
cfg="${1#-config=}"
[ -f "$cfg" ] || { echo "meta-migration: no config file $cfg" >&2; exit 2; }
value() { sed -n "s/^ *$1: *//p" "$cfg" | head -1; }
src=$(value sourceVersion); dst=$(value targetVersion); root=$(value rootPath)
ep=$(sed -n 's/^ *- *//p' "$cfg" | head -1)
post() { timeout 5 wget -qO- --header 'Content-Type: application/json' --post-data "$2" "http://$ep$1"; }
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
sessions=$(post /v3/kv/range "{\"key\":\"$(b64 "$root/meta/session/")\",\"range_end\":\"$(b64 "$root/meta/session0")\",\"count_only\":true}") \
  || { echo "meta-migration: etcd at $ep does not answer" >&2; exit 4; }
count=$(echo "$sessions" | sed -n 's/.*"count":"\([0-9]*\)".*/\1/p')
if [ -n "$count" ] && [ "$count" != 0 ]; then echo "meta-migration: $count Milvus sessions are alive: stop Milvus first" >&2; exit 3; fi
post /v3/kv/put "{\"key\":\"$(b64 "$root/meta/migrated")\",\"value\":\"$(b64 "$src -> $dst")\"}" >/dev/null || exit 4
if post /v3/kv/range "{\"key\":\"$(b64 "$root/test/fail-migration")\"}" | grep -q '"kvs"'; then
  echo "meta-migration: failed half-way from $src to $dst (password=hunter2 must not show)" >&2
  exit 1
fi
echo "meta-migration: migrated $root from $src to $dst"
