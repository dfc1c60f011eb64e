#!/usr/bin/env bash
# Build the images compose.yaml needs from a local Debian bookworm base, for machines that cannot
# pull from a registry (the base: ../shared/tools/docker-local-base.sh, or any bookworm image with
# python3-venv whose apt can reach a Debian mirror). Then run compose with the printed variables:
#   eval "$(docker/local/build.sh)" && SECRET_KEY=… docker-compose up -d --build
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${BASE_IMAGE:-local/python:3.11-bookworm}
for name in postgres redis nginx; do
  DOCKER_BUILDKIT=0 nice -n 10 docker build -q --build-arg "BASE_IMAGE=$base" \
    -f "docker/local/$name.Dockerfile" -t "local/portal-$name" docker/local >&2
done
echo "export PYTHON_IMAGE=$base POSTGRES_IMAGE=local/portal-postgres REDIS_IMAGE=local/portal-redis NGINX_IMAGE=local/portal-nginx"
