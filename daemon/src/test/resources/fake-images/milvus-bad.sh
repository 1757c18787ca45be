#!/bin/sh
# A broken Milvus build: every component exits at once.
echo "fake Milvus $MILVUS_FAKE_VERSION: $2 cannot start (a bad build)" >&2
exit 1
