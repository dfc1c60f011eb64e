# nginx built from a local Debian bookworm base (Debian's nginx-light), for machines that cannot
# pull nginx:1.27-bookworm (docker/local/build.sh). Like the official image: configuration in
# /etc/nginx/nginx.conf (compose mounts docker/nginx.conf there), mime.types beside it, logs to
# the container's stdout/stderr, `nginx -g 'daemon off;'` in the foreground.
ARG BASE_IMAGE=local/python:3.11-bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 8080
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
