#!/bin/sh
# A fake MinIO: `minio server <dir>` answers on port 9000. Enough for the driver to recognise it and leave it alone.
mkdir -p /www "$2" && echo OK > /www/ready
exec httpd -f -p 9000 -h /www
