#!/bin/sh
# Debian's redis-server turns protected mode on when started without a config file, which
# refuses every client from another container; the official image has it off.
set -eu
if [ "$1" = redis-server ]; then
  shift
  exec redis-server --protected-mode no --bind '* -::*' "$@"
fi
exec "$@"
