#!/bin/sh
# One-shot compose service: once RabbitMQ answers, creates the platform's virtual host and one user per service, as
# deploy/local/servers.sh does (through the management API, as the administrator compose gave the broker). Each
# service's user may configure, write and read in the platform's virtual host only, the worker's only what
# deploy/rabbitmq/permissions.txt gives it (mounted at /rabbitmq-permissions.txt, or RABBIT_PERMISSIONS_FILE); none is
# an administrator.
set -eu
: "${RABBIT_ADMIN_USER:?}" "${RABBIT_ADMIN_PASSWORD:?}" "${RABBIT_VHOST:?}"
: "${PLATFORM_RABBIT_SCHEDULER_PASSWORD:?}" "${PLATFORM_RABBIT_WORKER_PASSWORD:?}" "${PLATFORM_RABBIT_API_PASSWORD:?}"
MGMT=http://rabbitmq:15672/api
api() { curl -fsS -o /dev/null -u "$RABBIT_ADMIN_USER:$RABBIT_ADMIN_PASSWORD" -H 'content-type: application/json' -X "$1" --data "$3" "$MGMT/$2"; }
i=0
until curl -fsS -o /dev/null -u "$RABBIT_ADMIN_USER:$RABBIT_ADMIN_PASSWORD" "$MGMT/overview"; do
  i=$((i + 1)); [ "$i" -lt 90 ] || { echo "RabbitMQ's management API did not answer within 3 minutes" >&2; exit 1; }
  sleep 2
done
api PUT "vhosts/$RABBIT_VHOST" '{}'
# A regular expression inside a JSON string: each backslash doubled.
esc() { printf '%s' "$1" | sed 's/\\/\\\\/g'; }
for svc in scheduler worker api; do
  case "$svc" in
    scheduler) password="$PLATFORM_RABBIT_SCHEDULER_PASSWORD" ;;
    worker) password="$PLATFORM_RABBIT_WORKER_PASSWORD" ;;
    api) password="$PLATFORM_RABBIT_API_PASSWORD" ;;
  esac
  api PUT "users/platform-$svc" "{\"password\":\"$password\",\"tags\":\"\"}"
  cfg=".*" wr=".*" rd=".*"
  tab="$(printf '\t')"
  while IFS="$tab" read -r name c w r; do
    if [ "$name" = "$svc" ]; then cfg="$c"; wr="$w"; rd="$r"; fi
  done <<PERMISSIONS
$(grep -v '^#' "${RABBIT_PERMISSIONS_FILE:-/rabbitmq-permissions.txt}")
PERMISSIONS
  api PUT "permissions/$RABBIT_VHOST/platform-$svc" "{\"configure\":\"$(esc "$cfg")\",\"write\":\"$(esc "$wr")\",\"read\":\"$(esc "$rd")\"}"
  echo "user platform-$svc ready in virtual host $RABBIT_VHOST"
done
