#!/bin/sh
# Publishes the demo jobs through the management API once RabbitMQ and the scheduler are up (compose service "demo").
set -eu
: "${RABBIT_ADMIN_USER:?}" "${RABBIT_ADMIN_PASSWORD:?}"
MGMT=http://rabbitmq:15672
until curl -fsS -u "$RABBIT_ADMIN_USER:$RABBIT_ADMIN_PASSWORD" "$MGMT/api/queues/platform/platform-scheduler" >/dev/null 2>&1; do sleep 2; done
publish() {
  curl -fsS -u "$RABBIT_ADMIN_USER:$RABBIT_ADMIN_PASSWORD" -H 'content-type: application/json' -X POST \
    --data "{\"properties\":{\"content_type\":\"application/json\",\"delivery_mode\":2,\"app_id\":\"platform-demo\"},\"routing_key\":\"\",\"payload\":\"$(echo "$1" | sed 's/"/\\"/g')\",\"payload_encoding\":\"string\"}" \
    "$MGMT/api/exchanges/platform/Platform.Contracts%3AScheduleJob/publish"
  echo
}
at() { date -u -d "@$(( $(date +%s) + $1 ))" +%Y-%m-%dT%H:%M:%S+00:00; }
publish "{\"jobId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"jobType\":\"platform.noop\",\"trigger\":{\"kind\":\"Once\",\"runAt\":\"$(at 5)\"}}"
publish "{\"jobId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"jobType\":\"platform.sleep\",\"payload\":{\"ms\":2000},\"trigger\":{\"kind\":\"Once\",\"runAt\":\"$(at 10)\"}}"
publish "{\"jobId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"jobType\":\"platform.fail\",\"trigger\":{\"kind\":\"Once\",\"runAt\":\"$(at 15)\"}}"
echo "Demo jobs scheduled; RabbitMQ management UI: http://127.0.0.1:15672 (user $RABBIT_ADMIN_USER)"
