#!/usr/bin/env bash
# The mesh's Kafka broker in compose and Kubernetes, on the apache/kafka image. Every client
# authenticates — SCRAM-SHA-512 on the CLIENT listener, PLAIN between broker and controller — and may
# do only what acls.txt (beside this script) allows it; the embedded cluster runs the same rules.
#
#   mesh-kafka.sh passwords USER...   a random password for each user that has none yet (compose)
#   mesh-kafka.sh broker              the broker; once up, every user's credential and the ACLs, then ready
#
# The users are the files of $MESH_KAFKA_USERS_DIR (default /kafka-users): a file's name is the user,
# its content the password (letters and digits, at least 16). "broker" (between nodes, and this
# script) and "operator" (tools) are super users; config, router and gateway are those services;
# every other user is a peer, by its id. Credentials and ACLs are only ever added: to take a user's
# access away, remove it with kafka-configs / kafka-acls as operator. The broker's listeners and addresses come from the environment
# (KAFKA_LISTENERS, ...), as the image expects; what security needs is set here.
set -euo pipefail

users_dir="${MESH_KAFKA_USERS_DIR:-/kafka-users}"
rules="$(dirname "$0")/acls.txt"
bin=/opt/kafka/bin
# The BROKER listener, on which this script talks to the broker as the super user "broker".
broker_listener="${MESH_KAFKA_BROKER_LISTENER:-localhost:9094}"
ready=/tmp/mesh-kafka-ready
stopping=0

declare -A passwords=()

# Reads and checks every user's password before anything is done with any of them.
read_passwords() {
  local user value
  for user in $(users); do
    value="$(tr -d ' \r\n' < "$users_dir/$user")"
    if [[ ! "$value" =~ ^[A-Za-z0-9]{16,}$ ]]; then
      echo "the password of Kafka user '$user' ($users_dir/$user) must be at least 16 letters or digits" >&2
      exit 1
    fi
    passwords[$user]="$value"
  done
  if [ -z "${passwords[broker]:-}" ]; then
    echo "no password for the Kafka user 'broker' in $users_dir" >&2
    exit 1
  fi
}

users() {
  local file
  for file in "$users_dir"/*; do
    [ -f "$file" ] && basename "$file"
  done
  return 0
}

make_passwords() {
  local user
  for user in "$@"; do
    if [ ! -s "$users_dir/$user" ]; then
      head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$users_dir/.$user.tmp"
      chmod 0644 "$users_dir/.$user.tmp"
      mv "$users_dir/.$user.tmp" "$users_dir/$user"
      echo "made a password for Kafka user $user"
    fi
  done
}

# One kafka-acls call per principal, pattern type and operation: each call starts a JVM, one per rule
# would take minutes.
apply_acls() {
  local peers=() user
  for user in $(users); do
    case "$user" in
      broker|operator|config|router|gateway) ;;
      *) peers+=("$user") ;;
    esac
  done
  declare -A resources=()
  local principal type pattern name operation peer
  while read -r principal type pattern name operation; do
    [[ -z "$principal" || "$principal" == \#* ]] && continue
    if [[ "$principal$name" == *"{peer}"* ]]; then
      for peer in "${peers[@]}"; do
        resources["${principal//\{peer\}/$peer} $pattern $operation"]+=" --$type ${name//\{peer\}/$peer}"
      done
    else
      resources["$principal $pattern $operation"]+=" --$type $name"
    fi
  done < "$rules"
  local key
  for key in "${!resources[@]}"; do
    [ "$stopping" = 1 ] && return
    read -r principal pattern operation <<< "$key"
    # shellcheck disable=SC2086 # the resources are words: --topic NAME --group NAME ...
    "$bin/kafka-acls.sh" --bootstrap-server "$broker_listener" --command-config "$admin_config" --add \
      --allow-principal "User:$principal" --resource-pattern-type "$pattern" --operation "$operation" \
      ${resources[$key]} > /dev/null
  done
}

apply_access() {
  # Applied once per set of users, passwords and rules: the credentials and ACLs live in the cluster's
  # metadata, kept in the data folder beside this mark.
  local mark="${KAFKA_LOG_DIRS%%,*}/.mesh-access" fingerprint user
  fingerprint="$( { cat "$rules"; for user in $(users); do echo "$user ${passwords[$user]}"; done; } | sha256sum)"
  if [ -f "$mark" ] && [ "$(cat "$mark")" = "$fingerprint" ]; then
    echo "Kafka users and ACLs are up to date"
    return
  fi
  for user in $(users); do
    [ "$user" = broker ] && continue
    [ "$stopping" = 1 ] && return
    "$bin/kafka-configs.sh" --bootstrap-server "$broker_listener" --command-config "$admin_config" --alter \
      --entity-type users --entity-name "$user" \
      --add-config "SCRAM-SHA-512=[iterations=8192,password=${passwords[$user]}]" > /dev/null
  done
  apply_acls
  [ "$stopping" = 1 ] && return
  echo "$fingerprint" > "$mark"
  echo "Kafka users and ACLs applied: $(users | tr '\n' ' ')"
}

broker() {
  local broker_password plain
  read_passwords
  broker_password="${passwords[broker]}"
  plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$broker_password\" user_broker=\"$broker_password\";"
  export KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG="$plain"
  export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="$plain"
  export KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required;"
  export KAFKA_LISTENER_NAME_BROKER_SASL_ENABLED_MECHANISMS=PLAIN
  export KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS=PLAIN
  export KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS=SCRAM-SHA-512
  export KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL=PLAIN
  export KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL=PLAIN
  export KAFKA_AUTHORIZER_CLASS_NAME=org.apache.kafka.metadata.authorizer.StandardAuthorizer
  export KAFKA_SUPER_USERS="User:broker;User:operator"
  export KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND=false
  export KAFKA_LOG_DIRS="${KAFKA_LOG_DIRS:-/var/lib/kafka/data}"

  rm -f "$ready"
  admin_config="$(mktemp)"
  cat > "$admin_config" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker_password";
EOF

  # A stop (SIGTERM) at any point from here on stops the broker and skips what is left to do.
  local pid=""
  trap 'stopping=1; [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true' TERM INT
  /etc/kafka/docker/run &
  pid=$!
  [ "$stopping" = 1 ] && kill -TERM "$pid" 2>/dev/null
  until [ "$stopping" = 1 ] || "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$broker_listener" \
      --command-config "$admin_config" > /dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || exit $?
      exit 1
    fi
    sleep 2
  done
  if [ "$stopping" = 0 ]; then
    apply_access
  fi
  if [ "$stopping" = 0 ]; then
    touch "$ready"
  fi

  set +e
  local status=0
  while kill -0 "$pid" 2>/dev/null; do
    wait "$pid"
    status=$?
  done
  exit "$status"
}

case "${1:-}" in
  passwords) shift; make_passwords "$@" ;;
  broker) broker ;;
  *) echo "usage: mesh-kafka.sh passwords USER... | broker" >&2; exit 2 ;;
esac
