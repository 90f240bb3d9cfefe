#!/usr/bin/env bash
# Prints the Secrets the production overlay expects, with new random passwords and one Operator API key, as YAML to
# apply once before the overlay (nothing is sent to a cluster; kubectl only formats):
#   PLATFORM_BACKUP_ACCESS_KEY_ID=... PLATFORM_BACKUP_SECRET_ACCESS_KEY=... \
#     deploy/k8s/overlays/production/secrets.sh > platform-secrets.yaml   # keep this file private, or delete it
#   kubectl apply -f platform-secrets.yaml
# The API key is printed on stderr (only its SHA-256 is stored). Running it again makes new passwords: apply that only
# to rotate them (docs/deploy.md). Variables: PLATFORM_NAMESPACE (default platform), PLATFORM_API_USER (default admin).
set -euo pipefail
NS="${PLATFORM_NAMESPACE:-platform}"
: "${PLATFORM_BACKUP_ACCESS_KEY_ID:?the object store's access key id for the database backups}"
: "${PLATFORM_BACKUP_SECRET_ACCESS_KEY:?the object store's secret access key for the database backups}"

random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
secret() { kubectl create secret generic "$@" --namespace "$NS" --dry-run=client -o yaml; echo '---'; }
basic_auth() { secret "$1" --type=kubernetes.io/basic-auth --from-literal=username="$2" --from-literal=password="$3"; }

# Database roles (CloudNativePG sets their passwords from these) and broker users (the Messaging Topology Operator
# imports them); the pods compose their connection strings from the same Secrets.
for svc in scheduler worker api; do
  basic_auth "platform-db-$svc" "platform_$svc" "$(random)"
  basic_auth "platform-rabbitmq-$svc" "platform-$svc" "$(random)"
done
keda_password=$(random)
basic_auth platform-rabbitmq-keda platform-keda "$keda_password"
secret platform-keda-rabbitmq --from-literal=host="http://platform-keda:$keda_password@platform-rabbitmq.$NS.svc:15672"

# The API's keys: SHA-256 hashes only (docs/api.md). Add Reader keys as Platform__Api__Keys__1__*, and so on.
key=$(random)
secret platform-api-keys \
  --from-literal=Platform__Api__Keys__0__User="${PLATFORM_API_USER:-admin}" \
  --from-literal=Platform__Api__Keys__0__Role=Operator \
  --from-literal=Platform__Api__Keys__0__KeyHash="$(printf %s "$key" | sha256sum | cut -d' ' -f1)"
echo "Operator API key for ${PLATFORM_API_USER:-admin} (shown once, not stored): $key" >&2

# The key of the workers' /worker/* endpoints (docs/workers.md): its SHA-256 only; add a second hash to rotate it.
worker_key=$(random)
secret platform-worker-endpoint-keys \
  --from-literal=Platform__Worker__Endpoints__KeyHashes__0="$(printf %s "$worker_key" | sha256sum | cut -d' ' -f1)"
echo "Worker endpoint key (shown once, not stored): $worker_key" >&2

secret platform-backup-s3 \
  --from-literal=ACCESS_KEY_ID="$PLATFORM_BACKUP_ACCESS_KEY_ID" \
  --from-literal=ACCESS_SECRET_KEY="$PLATFORM_BACKUP_SECRET_ACCESS_KEY"
