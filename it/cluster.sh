#!/usr/bin/env bash
# Integration test on a real Spark standalone cluster (issue 21), run by .ci/run. Everything it needs it starts and
# stops itself, on this machine only:
#  - SPARK_HOME assembled from the Spark and Hadoop jars the build resolved (spark-job/target/provided-classpath.txt),
#    with a RELEASE file (so workers take the jars from jars/) and a bin/spark-submit that calls
#    org.apache.spark.deploy.SparkSubmit: what a Spark distribution's launcher does;
#  - one master in this host's network namespace and two workers, each in its own network namespace (ip netns, a
#    veth pair to this host: its own address 10.213.N.2 and, with unshare --uts, its own hostname sf-workerN), each
#    advertising 2 GPUs through deploy/gpu-discovery.sh (CUDA_VISIBLE_DEVICES=0,1: fake addresses; the CPU backend
#    does the work), 2 cores and one executor per GPU;
#  - the job submitted with deploy/submit-standalone.sh, unchanged and not a dry run.
# Runs, each checked with Spark SQL over the movies table by it/lib/ClusterCheck.java (one row per movie, all ok,
# movies on both hosts, never two movies computed at once on one (host, GPU) pair, one sum per movie, no temporary
# file):
#  1. 12 movies on the healthy cluster;
#  2. an executor JVM killed with -9 while it corrects a movie: the movie is retried on another executor;
#  3. a whole worker host taken down (every process in its namespace killed) mid-job: the job finishes on the other;
#  4. the driver killed mid-job: rerunning the same command corrects only the movies without an outcome;
#  5. speculative execution on (spark.speculation=true) with one movie much slower than the rest: Spark starts
#     a second attempt of a slow task (checked in the driver log), and still one row and one set of outputs per movie.
# Needs root for the namespaces (CI runs as root); where `ip netns add` is refused it says so and exits 2.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${CLUSTER_IT_WORK:-$here/spark-job/target/it-cluster}
limit=${CLUSTER_IT_TIMEOUT:-300} # seconds for any one job run
runs=" ${CLUSTER_IT_RUNS:-1 2 3 4 5} " # which of the runs below (e.g. CLUSTER_IT_RUNS=4 to try one)
wants() { [[ "$runs" == *" $1 "* ]]; }
# Extra job options for every run, e.g. CLUSTER_IT_JOB_ARGS="--conf spark.task.maxFailures=1" to see run 2 fail
# without Spark's task retry.
read -r -a extra_args <<< "${CLUSTER_IT_JOB_ARGS:-}"
fail() { echo "cluster-it: FAIL: $*" >&2; exit 1; }
say() { echo "cluster-it: $*"; }
net=10.213
master_ip=$net.1.1

# --- the stillframe build and SPARK_HOME --------------------------------------------------------------------
"$here/bin/stillframe" --version > /dev/null # builds the jar and lists the provided classpath when needed
source "$here/deploy/common.sh"
rm -rf "$work"
mkdir -p "$work"
spark_home=$work/spark-home
mkdir -p "$spark_home/jars" "$spark_home/bin" "$spark_home/conf" "$work/tmp"
tr ':' '\n' < "$here/spark-job/target/provided-classpath.txt" | while read -r j; do
  [ -n "$j" ] && ln -sf "$j" "$spark_home/jars/"
done
# A Spark distribution also ships these in jars/ (its daemons use them); the build has them as our own dependencies.
for j in "$lib"/commons-*.jar; do ln -sf "$j" "$spark_home/jars/"; done
echo "Spark (assembled by stillframe's it/cluster.sh from Maven jars)" > "$spark_home/RELEASE"
cat > "$spark_home/bin/spark-submit" << EOF
#!/usr/bin/env bash
exec java $java_opens -cp "$spark_home/conf:$spark_home/jars/*" org.apache.spark.deploy.SparkSubmit "\$@"
EOF
chmod +x "$spark_home/bin/spark-submit"
cat > "$spark_home/conf/spark-defaults.conf" << EOF
spark.driver.host $master_ip
spark.driver.bindAddress $master_ip
spark.ui.enabled false
spark.local.dir $work/tmp
EOF
export SPARK_HOME=$spark_home SPARK_SCALA_VERSION=2.13 SPARK_CONF_DIR=$spark_home/conf

# --- movies ---------------------------------------------------------------------------------------------------
sf="$here/bin/stillframe"
mkdir -p "$work/movies" "$work/slow"
for m in $(seq 1 12); do
  "$sf" simulate --out "$work/sim" --name "movie$m" --size 768 --frames 16 --seed "$m" --no-gain --threads 2 > /dev/null
  mv "$work/sim/movie$m.mrc" "$work/movies/"
done
# For speculation: the same 12 and one movie that takes several times as long as a partition of them.
ln -s "$work"/movies/*.mrc "$work/slow/"
"$sf" simulate --out "$work/sim" --name slow --size 2048 --frames 80 --seed 99 --no-gain --threads 2 > /dev/null
mv "$work/sim/slow.mrc" "$work/slow/"

# --- network namespaces, master, workers ---------------------------------------------------------------------
pids=()
forward=$(cat /proc/sys/net/ipv4/ip_forward)
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done
  for i in 1 2; do
    ip netns pids "sfw$i" 2> /dev/null | xargs -r kill -9 2> /dev/null
    ip netns del "sfw$i" 2> /dev/null
    ip link del "sfh$i" 2> /dev/null
    rm -rf "/etc/netns/sfw$i"
  done
  pkill -9 -f "$spark_home/jars" 2> /dev/null
  echo "$forward" > /proc/sys/net/ipv4/ip_forward
}
trap cleanup EXIT
if ! ip netns add sfw1 2> /dev/null; then
  echo "cluster-it: cannot create network namespaces here (needs root and ip netns): not run" >&2
  exit 2
fi
ip netns add sfw2
for i in 1 2; do
  ip link add "sfh$i" type veth peer name "sfn$i"
  ip link set "sfn$i" netns "sfw$i"
  ip addr add "$net.$i.1/24" dev "sfh$i"
  ip link set "sfh$i" up
  ip netns exec "sfw$i" ip link set lo up
  ip netns exec "sfw$i" ip addr add "$net.$i.2/24" dev "sfn$i"
  ip netns exec "sfw$i" ip link set "sfn$i" up
  ip netns exec "sfw$i" ip route add default via "$net.$i.1"
  # ip netns exec mounts /etc/netns/NAME/hosts over /etc/hosts: the worker resolves its own hostname
  mkdir -p "/etc/netns/sfw$i"
  printf '127.0.0.1 localhost\n%s sf-worker%d\n' "$net.$i.2" "$i" > "/etc/netns/sfw$i/hosts"
done
echo 1 > /proc/sys/net/ipv4/ip_forward # executors on the two hosts fetch blocks from each other through this one

daemon() { java $java_opens -Xmx256m -cp "$spark_home/conf:$spark_home/jars/*" "$@"; }
daemon org.apache.spark.deploy.master.Master --host "$master_ip" --port 7077 \
  --webui-port 0 > "$work/master.log" 2>&1 &
pids+=($!)
disown
start_worker() {
  local i=$1
  printf 'spark.worker.resource.gpu.amount 2\nspark.worker.resource.gpu.discoveryScript %s\n' \
    "$here/deploy/gpu-discovery.sh" > "$work/worker$i.conf"
  ip netns exec "sfw$i" unshare --uts bash -c 'hostname "$0" && exec "$@"' "sf-worker$i" \
    env CUDA_VISIBLE_DEVICES=0,1 java $java_opens -Xmx256m -cp "$spark_home/conf:$spark_home/jars/*" \
    org.apache.spark.deploy.worker.Worker --host "$net.$i.2" --cores 2 --memory 3g --webui-port 0 \
    --work-dir "$work/worker$i" --properties-file "$work/worker$i.conf" "spark://$master_ip:7077" \
    >> "$work/worker$i.log" 2>&1 &
  disown
}
start_worker 1
start_worker 2
wait_for() { # seconds, description, command...
  local s=$1 what=$2; shift 2
  for _ in $(seq $((s * 5))); do "$@" && return 0; sleep 0.2; done
  fail "$what (after $s s)"
}
registered() { [ "$(grep -c 'Registering worker' "$work/master.log")" -ge "$1" ]; }
wait_for 60 "two workers registered with the master" registered 2
say "master $master_ip:7077, workers sf-worker1 ($net.1.2) and sf-worker2 ($net.2.2), 2 GPUs each"

# --- the job --------------------------------------------------------------------------------------------------
export MASTER=spark://$master_ip:7077 GPUS_PER_EXECUTOR=1 CORES_PER_EXECUTOR=1 EXECUTOR_MEMORY=1g
flags=(-- -PixSize 1 -Kv 300 -FmDose 1)
submit_job() { # out movies-dir [job options] ; runs in the background, pid in $job
  local out=$1 dir=$2; shift 2
  timeout -k 10 "$limit" "$here/deploy/submit-standalone.sh" --movies "$dir/*.mrc" --out "$out" "$@" \
    ${extra_args[@]+"${extra_args[@]}"} "${flags[@]}" \
    > "$out.log" 2>&1 &
  job=$!
}
finish_job() { # out: waits for the job, fails with its log's tail when it did not succeed
  wait "$job" || { tail -30 "$1.log" >&2; fail "the job writing $1 failed"; }
}
check() { # out movies min-hosts
  java $java_opens -cp "$spark_home/conf:$spark_home/jars/*" "$here/it/lib/ClusterCheck.java" "$@" \
    2> "$1.check.log" || { tail -5 "$1.check.log" >&2; fail "the check of $1 failed"; }
}
outcomes() { ls "$1/_stillframe/outcomes" 2> /dev/null | grep -c -v '^\.' || true; }
running_movies() { [ "$(outcomes "$1")" -ge "$2" ]; }

if wants 1; then
  say "1. 12 movies"
  submit_job "$work/run1" "$work/movies"
  finish_job "$work/run1"
  check "$work/run1" 12 2
fi

if wants 2; then
  say "2. an executor killed with -9 while it corrects a movie"
  submit_job "$work/run2" "$work/movies"
  wait_for 120 "a first movie done" running_movies "$work/run2" 2
  victim=$(pgrep -f 'CoarseGrainedExecutorBackend' | head -1)
  [ -n "$victim" ] || fail "no executor JVM to kill"
  kill -9 "$victim"
  finish_job "$work/run2"
  grep -q -i "lost executor\|ExecutorLostFailure" "$work/run2.log" || fail "the driver never saw an executor lost"
  check "$work/run2" 12 1
fi

if wants 3; then
  say "3. a worker host taken down mid-job"
  submit_job "$work/run3" "$work/movies"
  wait_for 120 "a first movie done" running_movies "$work/run3" 2
  ip netns pids sfw2 | xargs -r kill -9
  finish_job "$work/run3"
  check "$work/run3" 12 1
  start_worker 2
  wait_for 60 "worker 2 back" registered 3
fi

if wants 4; then
  say "4. the driver killed mid-job, the same command run again"
  submit_job "$work/run4" "$work/movies"
  wait_for 120 "a first movie done" running_movies "$work/run4" 3
  pkill -9 -P "$job" # the driver: spark-submit's JVM under timeout
  wait "$job" 2> /dev/null || true
  mv "$work/run4.log" "$work/run4.killed.log"
  submit_job "$work/run4" "$work/movies"
  finish_job "$work/run4"
  # The killed driver's executors finish the movie in hand before they notice: count what the rerun found done.
  resumed=$(sed -n 's/.*: 12 movies, \([0-9]*\) already done with these options, \([0-9]*\) to correct$/\1 \2/p' \
    "$work/run4.log" | head -1)
  read -r done_before todo <<< "${resumed:-x x}"
  [[ "$done_before" =~ ^[0-9]+$ ]] && [ "$done_before" -ge 3 ] && [ "$done_before" -lt 12 ] \
    && [ "$todo" = $((12 - done_before)) ] || fail "the rerun did not resume: '$resumed' (movies done before, to correct)"
  grep -q "Done in .*: $todo corrected now ($todo ok, 0 failed), $done_before skipped" "$work/run4.log" \
    || fail "the rerun corrected other than the $todo movies left"
  say "   the rerun found $done_before movies done and corrected the other $todo"
  check "$work/run4" 12 1
fi

if wants 5; then
  say "5. speculative execution with one slow movie"
  submit_job "$work/run5" "$work/slow" --conf spark.speculation=true --conf spark.speculation.multiplier=1.2 \
    --conf spark.speculation.quantile=0.5
  finish_job "$work/run5"
  grep -q "as speculatable" "$work/run5.log" && grep -q -E "Starting task [0-9]+\.1 " "$work/run5.log" \
    && ! grep -q "Lost executor" "$work/run5.log" || fail "no speculative attempt ran: the test proves nothing"
  grep "as speculatable" "$work/run5.log" | sed 's/.*INFO TaskSetManager: /   /' | head -3
  check "$work/run5" 13 1
fi

say "OK: runs$runs on a 2-host standalone cluster in $SECONDS s"
