#!/usr/bin/env bash
# Times FFTW (our wrapper) against JTransforms on one thread; prints a markdown table. Fetches JTransforms 3.1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -f spark-job/target/stillframe.jar ] || ./mvnw -q -DskipTests package
./mvnw -q dependency:get -Dartifact=com.github.wendykierp:JTransforms:3.1 >/dev/null
m2=$(./mvnw -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")
cp="spark-job/target/lib/*:$m2/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar"
cp="$cp:$m2/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar:$m2/org/apache/commons/commons-math3/3.5/commons-math3-3.5.jar"
echo "| size | FFTW ms | JTransforms ms | ratio |"
echo "|---|---|---|---|"
java -XX:ActiveProcessorCount=1 -cp "$cp" bench/FftChoice.java
