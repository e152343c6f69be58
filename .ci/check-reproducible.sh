#!/usr/bin/env bash
# Builds the published modules twice from clean and fails unless every jar (classes, sources,
# javadoc) and published pom is byte-identical: project.build.outputTimestamp fixes the time in the
# jars, so a release can be rebuilt and checked by anyone.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=bom,protocol-model,server-core,client-sdk,server-redis,micrometer,spring-boot-autoconfigure,spring-boot-starter
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Extra arguments go to Maven (e.g. -Dproject.build.outputTimestamp= shows the check failing).
for run in 1 2; do
  ./mvnw -B -q clean package -Dmaven.test.skip=true -Dnpm.skip=true -Dconsumer-tests.skip=true -pl "$modules" -am "$@"
  mkdir -p "$out/$run"
  for module in ${modules//,/ }; do
    cp "$module"/target/*.jar "$out/$run/" 2>/dev/null || true
    cp "$module/.flattened-pom.xml" "$out/$run/$module.pom"
  done
done

count=$(ls "$out/1" | wc -l)
if [ "$count" -lt 29 ]; then
  echo "expected 7 x 3 jars and 8 poms, found $count files: $(ls "$out/1")" >&2
  exit 1
fi
if diff <(cd "$out/1" && sha256sum *) <(cd "$out/2" && sha256sum *); then
  echo "reproducible: $count published files identical across two clean builds"
else
  echo "NOT reproducible: the files above differ between two clean builds" >&2
  exit 1
fi
