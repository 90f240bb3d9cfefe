#!/usr/bin/env bash
# Local RabbitMQ 3.10 and PostgreSQL 15 for machines without a Docker engine.
#   deploy/local/servers.sh up      install when missing, start, provision (idempotent)
#   deploy/local/servers.sh down    stop both
#   deploy/local/servers.sh status  print what is running and where
# Both servers listen on 127.0.0.1 only and keep their data under .data/ (git-ignored).
# Credentials are local development defaults; override them with the PLATFORM_* variables below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${PLATFORM_DATA_DIR:-$ROOT/.data}"
RABBIT_PORT="${PLATFORM_RABBIT_PORT:-5672}"
RABBIT_MGMT_PORT="${PLATFORM_RABBIT_MGMT_PORT:-15672}"
RABBIT_PROM_PORT="${PLATFORM_RABBIT_PROMETHEUS_PORT:-15692}"
RABBIT_DIST_PORT="${PLATFORM_RABBIT_DIST_PORT:-25672}"
RABBIT_TLS_PORT="${PLATFORM_RABBIT_TLS_PORT:-5671}"
RABBIT_VHOST="${PLATFORM_RABBIT_VHOST:-platform}"
RABBIT_ADMIN_USER="${PLATFORM_RABBIT_ADMIN_USER:-platform-admin}"
RABBIT_ADMIN_PASSWORD="${PLATFORM_RABBIT_ADMIN_PASSWORD:-platform-admin}"
PG_PORT="${PLATFORM_PG_PORT:-5432}"
PG_DATABASE="${PLATFORM_PG_DATABASE:-platform}"
PG_OWNER="${PLATFORM_PG_OWNER:-platform}"
PG_OWNER_PASSWORD="${PLATFORM_PG_OWNER_PASSWORD:-platform}"
SERVICES=(scheduler worker api)
PG_BIN="/usr/lib/postgresql/15/bin"
RABBIT_NODE="rabbit@localhost"
RABBIT_DIR="$DATA/rabbitmq"
# The 3-node cluster for broker fault drills (`cluster-up`): node n listens on AMQP 5680+n, TLS 5690+n, management
# 15680+n, Prometheus 15790+n, Erlang distribution 25680+n, with its data under $DATA/rabbitmq-cluster/node-n.
CLUSTER_SIZE=3

log() { printf '[servers] %s\n' "$*"; }
die() { printf '[servers] error: %s\n' "$*" >&2; exit 1; }

as_user() { local user="$1"; shift; runuser -u "$user" -- "$@"; }

ensure_packages() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run as root so apt-get can install them"
    log "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Debian's maintainer scripts try to start the services; this machine has no init system for them.
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Debian starts its own cluster/node on install where an init system exists; ours are separate.
  pkill -u rabbitmq -f 'beam.smp.*-sname rabbit@' 2>/dev/null || true
}

# ---------------------------------------------------------------- RabbitMQ
rabbit_env() {
  export RABBITMQ_NODENAME="$RABBIT_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$RABBIT_PORT"
  export RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT"
  export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
  export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$RABBIT_DIR/rabbit.pid"
  export HOME=/var/lib/rabbitmq
}

rabbitmqctl_() { ( rabbit_env; as_user rabbitmq env HOME=/var/lib/rabbitmq RABBITMQ_NODENAME="$RABBIT_NODE" rabbitmqctl -n "$RABBIT_NODE" "$@" ); }

rabbit_running() { ( rabbit_env; as_user rabbitmq env HOME=/var/lib/rabbitmq rabbitmq-diagnostics -q -n "$RABBIT_NODE" check_running >/dev/null 2>&1 ); }

# A CA of this machine's own and a certificate for 127.0.0.1 and localhost signed by it, made once: RabbitMQ's TLS
# listener uses them; a client trusts $DATA/tls/ca.crt (Platform:RabbitMq:Tls:CaCertificate).
tls_certificates() {
  local dir="$DATA/tls"
  [ -f "$dir/server.crt" ] && return 0
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=platform-local-ca -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 3650 \
    -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  chmod 600 "$dir/ca.key" "$dir/server.key"
  chmod 644 "$dir/ca.crt" "$dir/server.crt"
}

rabbit_up() {
  mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log" "$RABBIT_DIR/tls"
  tls_certificates
  cp "$DATA/tls/ca.crt" "$DATA/tls/server.crt" "$DATA/tls/server.key" "$RABBIT_DIR/tls/"
  cat > "$RABBIT_DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
# TLS beside plain AMQP (Platform:RabbitMq:Tls): the local CA's certificate for 127.0.0.1; clients are not asked for one.
listeners.ssl.default = 127.0.0.1:$RABBIT_TLS_PORT
ssl_options.cacertfile = $RABBIT_DIR/tls/ca.crt
ssl_options.certfile = $RABBIT_DIR/tls/server.crt
ssl_options.keyfile = $RABBIT_DIR/tls/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RABBIT_PROM_PORT
# Queue depths per queue (the dashboard shows the platform's queues), not only totals.
prometheus.return_per_object_metrics = true
loopback_users = none
# Long jobs: a worker may hold a run for hours; runs also heartbeat (see README).
consumer_timeout = 86400000
# Our servers share a machine with builds and tests; do not block publishers on a busy disk.
disk_free_limit.absolute = 200MB
vm_memory_high_watermark.relative = 0.6
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' > "$RABBIT_DIR/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$RABBIT_DIR"
  if rabbit_running; then
    log "RabbitMQ already running on 127.0.0.1:$RABBIT_PORT"
  else
    log "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT"
    ( rabbit_env; as_user rabbitmq env $(env | grep -E '^(RABBITMQ_|HOME=)' | tr '\n' ' ') \
        setsid rabbitmq-server > "$RABBIT_DIR/log/console.log" 2>&1 < /dev/null & )
    local i
    for i in $(seq 1 120); do
      rabbit_running && break
      sleep 1
    done
    rabbit_running || { tail -n 40 "$RABBIT_DIR/log/console.log" >&2; die "RabbitMQ did not start within 120 s"; }
    ( rabbit_env; as_user rabbitmq env HOME=/var/lib/rabbitmq rabbitmq-diagnostics -q -n "$RABBIT_NODE" check_port_connectivity >/dev/null ) \
      || die "RabbitMQ listeners are not reachable"
  fi
  # A cluster node that comes back finds the users and virtual host the cluster already has (RABBIT_PROVISION=0).
  if [ "${RABBIT_PROVISION:-1}" = 1 ]; then rabbit_provision; fi
}

# Provisioning goes through the management HTTP API: one curl call is far cheaper than one rabbitmqctl.
mgmt() {
  local method="$1" path="$2" body="${3:-}"
  local auth="$RABBIT_ADMIN_USER:$RABBIT_ADMIN_PASSWORD"
  [ -n "${BOOTSTRAP_AUTH:-}" ] && auth="$BOOTSTRAP_AUTH"
  curl -fsS -o /dev/null -u "$auth" -X "$method" -H 'content-type: application/json' \
    ${body:+--data "$body"} "http://127.0.0.1:$RABBIT_MGMT_PORT/api/$path"
}

rabbit_mgmt_ready() {
  local i
  for i in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview" -u x:x 2>/dev/null && return 0
    # 401 means the API answers; anything else means it is still starting.
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview")" = "401" ] && return 0
    sleep 1
  done
  die "RabbitMQ management API did not answer on 127.0.0.1:$RABBIT_MGMT_PORT"
}

rabbit_provision() {
  rabbit_mgmt_ready
  # The admin user is created once with rabbitmqctl (the API needs an administrator to talk to).
  if ! mgmt GET whoami 2>/dev/null; then
    rabbitmqctl_ -q add_user "$RABBIT_ADMIN_USER" "$RABBIT_ADMIN_PASSWORD" >/dev/null 2>&1 \
      || rabbitmqctl_ -q change_password "$RABBIT_ADMIN_USER" "$RABBIT_ADMIN_PASSWORD" >/dev/null
    rabbitmqctl_ -q set_user_tags "$RABBIT_ADMIN_USER" administrator >/dev/null
    # The Debian package creates guest; nothing here uses it.
    rabbitmqctl_ -q delete_user guest >/dev/null 2>&1 || true
  fi
  mgmt PUT "vhosts/$RABBIT_VHOST" '{}'
  mgmt PUT "permissions/$RABBIT_VHOST/$RABBIT_ADMIN_USER" '{"configure":".*","write":".*","read":".*"}'
  local svc
  for svc in "${SERVICES[@]}"; do
    local var="PLATFORM_RABBIT_${svc^^}_PASSWORD"
    local password="${!var:-platform-$svc}"
    mgmt PUT "users/platform-$svc" "{\"password\":\"$password\",\"tags\":\"monitoring\"}"
    # Least privilege as deploy/rabbitmq/permissions.txt gives each service (a service it does not name: full rights).
    local cfg=".*" wr=".*" rd=".*" name c w r
    while IFS=$'\t' read -r name c w r; do
      [ "$name" = "$svc" ] && { cfg="$c"; wr="$w"; rd="$r"; }
    done < <(grep -v '^#' "$ROOT/deploy/rabbitmq/permissions.txt")
    mgmt PUT "permissions/$RABBIT_VHOST/platform-$svc" \
      "{\"configure\":\"${cfg//\\/\\\\}\",\"write\":\"${wr//\\/\\\\}\",\"read\":\"${rd//\\/\\\\}\"}"
  done
  # The samples stand for a team's own service with its own bus and consumers beside the platform's worker: a user of
  # their own with full rights in the virtual host (their queues and message types are theirs), not the worker's.
  mgmt PUT "users/platform-samples" "{\"password\":\"${PLATFORM_RABBIT_SAMPLES_PASSWORD:-platform-samples}\",\"tags\":\"\"}"
  mgmt PUT "permissions/$RABBIT_VHOST/platform-samples" '{"configure":".*","write":".*","read":".*"}'
}

rabbit_down() {
  if rabbit_running; then
    log "stopping RabbitMQ"
    rabbitmqctl_ -q stop >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------- PostgreSQL
PGDATA_DIR() { echo "$DATA/postgres"; }

pg_running() { [ -f "$(PGDATA_DIR)/postmaster.pid" ] && as_user postgres "$PG_BIN/pg_ctl" -D "$(PGDATA_DIR)" status >/dev/null 2>&1; }

psql_() { as_user postgres env PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

pg_up() {
  local dir; dir="$(PGDATA_DIR)"
  mkdir -p "$DATA"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "initialising PostgreSQL data in $dir"
    mkdir -p "$dir"; chown postgres:postgres "$dir"; chmod 700 "$dir"
    as_user postgres "$PG_BIN/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    # The postgres superuser may connect over loopback without a password (local machine only).
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$dir/pg_hba.conf"
  fi
  chown -R postgres:postgres "$dir"
  if pg_running; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_user postgres "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=/tmp -c max_connections=400 -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on" \
      start >/dev/null || { tail -n 40 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  pg_provision
}

pg_role() {
  local role="$1" password="$2" extra="$3"
  if [ "$(psql_ -c "select 1 from pg_roles where rolname = '$role'")" = "1" ]; then
    psql_ -c "alter role \"$role\" with login password '$password' $extra" >/dev/null
  else
    psql_ -c "create role \"$role\" with login password '$password' $extra" >/dev/null
  fi
}

pg_provision() {
  # The owner creates the schema (migrations) and, in tests, one database per fixture.
  pg_role "$PG_OWNER" "$PG_OWNER_PASSWORD" "createdb"
  # Dropping a test database "with (force)" also ends an autovacuum worker that happens to be in it, which needs this.
  psql_ -c "grant pg_signal_backend to \"$PG_OWNER\"" >/dev/null
  if [ "$(psql_ -c "select 1 from pg_database where datname = '$PG_DATABASE'")" != "1" ]; then
    psql_ -c "create database \"$PG_DATABASE\" owner \"$PG_OWNER\"" >/dev/null
  fi
  local svc
  for svc in "${SERVICES[@]}"; do
    local var="PLATFORM_PG_${svc^^}_PASSWORD"
    pg_role "platform_$svc" "${!var:-platform_$svc}" ""
    psql_ -c "grant \"$PG_OWNER\" to \"platform_$svc\"" >/dev/null
    # Each service logs in as itself (visible in pg_stat_activity) but acts as the owner, so the tables its
    # migrations create belong to one role that every service and operator shares.
    psql_ -c "alter role \"platform_$svc\" set role = '$PG_OWNER'" >/dev/null
  done
}

pg_down() {
  if pg_running; then
    log "stopping PostgreSQL"
    as_user postgres "$PG_BIN/pg_ctl" -D "$(PGDATA_DIR)" -m fast -w stop >/dev/null || true
  fi
}

# Node n of the cluster: the single server's settings, moved to the node's own name, ports and folder.
cluster_node() {
  local n="$1"
  RABBIT_NODE="rabbit-$n@localhost"
  RABBIT_PORT=$((5680 + n))
  RABBIT_TLS_PORT=$((5690 + n))
  RABBIT_MGMT_PORT=$((15680 + n))
  RABBIT_PROM_PORT=$((15790 + n))
  RABBIT_DIST_PORT=$((25680 + n))
  RABBIT_DIR="$DATA/rabbitmq-cluster/node-$n"
}

# Starts node n (joining node 1's cluster the first time for n > 1) and provisions the virtual host and users.
cluster_node_up() {
  local n="$1"
  mkdir -p "$DATA/rabbitmq-cluster"
  ( cluster_node "$n"
    local joined="$RABBIT_DIR/joined" provisioned="$RABBIT_DIR/provisioned"
    [ -f "$provisioned" ] && RABBIT_PROVISION=0
    rabbit_up > "$DATA/rabbitmq-cluster/node-$n.log" 2>&1 < /dev/null
    if [ "$n" -gt 1 ] && [ ! -f "$joined" ]; then
      log "joining rabbit-$n@localhost to rabbit-1@localhost"
      rabbitmqctl_ -q stop_app > /dev/null 2>&1 < /dev/null
      rabbitmqctl_ -q reset > /dev/null 2>&1 < /dev/null
      rabbitmqctl_ -q join_cluster rabbit-1@localhost > /dev/null 2>&1 < /dev/null
      rabbitmqctl_ -q start_app > /dev/null 2>&1 < /dev/null
      touch "$joined"
    fi
    touch "$provisioned" )
}

# Kills node n as a crash would (SIGKILL to its Erlang VM, whose process id the node wrote to its pid file).
cluster_node_kill() {
  local n="$1" pid
  pid=$(cluster_node "$n"; cat "$RABBIT_DIR/rabbit.pid" 2>/dev/null) || die "node rabbit-$n@localhost has no pid file"
  kill -9 "$pid" 2>/dev/null || die "node rabbit-$n@localhost is not running"
  log "killed rabbit-$n@localhost (pid $pid)"
}

# Stops node n as an operator would for maintenance (rabbitmqctl stop: the node hands its queue leaders over and leaves
# the cluster cleanly); `cluster-start n` brings it back.
cluster_node_stop() {
  local n="$1"
  ( cluster_node "$n"; rabbitmqctl_ -q stop >/dev/null 2>&1 < /dev/null ) || die "node rabbit-$n@localhost did not stop"
  log "stopped rabbit-$n@localhost"
}

# The nodes named (1-3, or all): `all` works on every node at once; a node started alone after every node went down would
# wait for the others before it serves, so they are started together.
cluster_nodes() { if [ "$1" = "all" ]; then seq 1 "$CLUSTER_SIZE"; else echo "$1"; fi; }

cluster_status() {
  local n
  for n in $(seq 1 "$CLUSTER_SIZE"); do
    ( cluster_node "$n"
      if rabbit_running; then
        echo "rabbit-$n@localhost up    amqp://127.0.0.1:$RABBIT_PORT/$RABBIT_VHOST  management http://127.0.0.1:$RABBIT_MGMT_PORT/"
      else
        echo "rabbit-$n@localhost down"
      fi )
  done
}

status() {
  if rabbit_running; then
    echo "RabbitMQ   up   amqp://127.0.0.1:$RABBIT_PORT/$RABBIT_VHOST  amqps://127.0.0.1:$RABBIT_TLS_PORT (CA $DATA/tls/ca.crt)  management http://127.0.0.1:$RABBIT_MGMT_PORT/ (user $RABBIT_ADMIN_USER)  prometheus http://127.0.0.1:$RABBIT_PROM_PORT/metrics"
  else
    echo "RabbitMQ   down"
  fi
  if pg_running; then
    echo "PostgreSQL up   postgres://127.0.0.1:$PG_PORT/$PG_DATABASE (owner $PG_OWNER)"
  else
    echo "PostgreSQL down"
  fi
}

case "${1:-}" in
  up)
    [ "$(id -u)" -eq 0 ] || die "run as root: the servers run as the rabbitmq and postgres users"
    ensure_packages
    pg_up
    rabbit_up
    status
    ;;
  down) rabbit_down; pg_down ;;
  status) status ;;
  # Broker fault drills: a 3-node RabbitMQ cluster beside the single server (same users and virtual host).
  cluster-up)
    [ "$(id -u)" -eq 0 ] || die "run as root"
    ensure_packages
    mkdir -p "$DATA/rabbitmq-cluster"
    # A process started with a node keeps whatever output it inherits: the nodes' start-up writes to a file, so that a
    # caller reading this script's output through a pipe is not held open by them.
    log "starting a $CLUSTER_SIZE-node RabbitMQ cluster (progress in $DATA/rabbitmq-cluster/up.log)"
    for n in $(seq 1 "$CLUSTER_SIZE"); do cluster_node_up "$n" >> "$DATA/rabbitmq-cluster/up.log" 2>&1 < /dev/null; done
    cluster_status
    ;;
  cluster-down)
    for n in $(seq "$CLUSTER_SIZE" -1 1); do ( cluster_node "$n"; rabbit_down ); done
    ;;
  cluster-status) cluster_status ;;
  cluster-kill)
    for n in $(cluster_nodes "${2:?usage: $0 cluster-kill <node 1-3|all>}"); do cluster_node_kill "$n"; done ;;
  cluster-stop)
    for n in $(cluster_nodes "${2:?usage: $0 cluster-stop <node 1-3|all>}"); do cluster_node_stop "$n"; done ;;
  cluster-start)
    for n in $(cluster_nodes "${2:?usage: $0 cluster-start <node 1-3|all>}"); do
      cluster_node_up "$n" >> "$DATA/rabbitmq-cluster/up.log" 2>&1 < /dev/null &
    done
    wait
    ;;
  # Fault drills (bench/Platform.Bench.Chaos --fault): PostgreSQL stopped as by a crash (no checkpoint, every connection
  # cut), then started again (crash recovery replays the WAL).
  pg-crash)
    [ "$(id -u)" -eq 0 ] || die "run as root"
    as_user postgres "$PG_BIN/pg_ctl" -D "$(PGDATA_DIR)" -m immediate -w stop >/dev/null
    ;;
  pg-start)
    [ "$(id -u)" -eq 0 ] || die "run as root"
    pg_up
    ;;
  *) echo "usage: $0 up|down|status|pg-crash|pg-start|cluster-up|cluster-down|cluster-status|cluster-kill n|cluster-stop n|cluster-start n (n: 1-3 or all)" >&2; exit 2 ;;
esac
