# Redis 7 built from a local Debian bookworm base, for machines that cannot pull redis:7-bookworm
# (docker/local/build.sh). Like the official image: `redis-server …` as the command, port 6379,
# protected mode off (the official image compiles it off: the container network is the boundary).
ARG BASE_IMAGE=local/python:3.11-bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
COPY redis-entrypoint.sh /usr/local/bin/redis-entrypoint.sh
USER redis
WORKDIR /var/lib/redis
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/redis-entrypoint.sh"]
CMD ["redis-server"]
