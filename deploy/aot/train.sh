#!/bin/sh
# The training run of the JDK's AOT cache (README, Deploying), as the image build does it:
#   deploy/aot/train.sh <folder of quarkus-run.jar> <TrainingRun: its .java file or the folder of its class>
# Starts the packaged service (aot-jar packaging, JDK 25 or later) in its folder with -XX:AOTCacheOutput=app.aot and
# the JVM options of $JAVA_OPTS, drives it with TrainingRun, stops it (SIGTERM) and waits while the JVM writes app.aot
# next to quarkus-run.jar. The database comes from QUARKUS_DATASOURCE_* (and QUARKUS_FLYWAY_*) and the organizer's
# password from BRIDGEPOINT_ADMIN_PASSWORD, as for a normal start; the data the run creates is left in that database,
# so give it a throwaway one. Its tokens are signed with BRIDGEPOINT_TOKEN_KEYS (or _FILE), or else with a throwaway
# key made here: an external database needs keys. Fails when the service does not start, the run fails, or no cache
# is written.
set -eu
if [ -z "${BRIDGEPOINT_TOKEN_KEYS:-}" ] && [ -z "${BRIDGEPOINT_TOKEN_KEYS_FILE:-}" ]; then
    BRIDGEPOINT_TOKEN_KEYS="training=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
    export BRIDGEPOINT_TOKEN_KEYS
fi
app=$(cd "$1" && pwd)
training=$2
port=${TRAINING_PORT:-18080}
management=${TRAINING_MANAGEMENT_PORT:-19000}
java=${JAVA:-java}

case "$training" in
    *.java) drive="$java $training" ;;
    *) drive="$java -cp $training TrainingRun" ;;
esac

rm -f "$app/app.aot"
cd "$app"
# The JVM that assembles the cache sizes its regions after the metaspace limit, and fails under the image's 160 MB.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management $java ${JAVA_OPTS:-} -XX:MaxMetaspaceSize=512m -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar > training-service.log 2>&1 &
service=$!
cd - > /dev/null
if ! $drive "http://localhost:$port" "http://localhost:$management"; then
    kill "$service" 2> /dev/null || true
    tail -n 50 "$app/training-service.log" >&2
    exit 1
fi
kill -TERM "$service"
# The JVM assembles the cache at exit (a minute or more on a small machine).
wait "$service" || true
if [ ! -s "$app/app.aot" ]; then
    echo "no AOT cache was written:" >&2
    tail -n 50 "$app/training-service.log" >&2
    exit 1
fi
rm -f "$app/training-service.log"
echo "AOT cache: $app/app.aot ($(du -m "$app/app.aot" | cut -f1) MB)"
