#!/bin/bash
# API timings (median of 9) against a running release server: search vs /healthz in the same run.
# Usage: bench/search-api.sh http://127.0.0.1:8080 admin@mitra.example PASSWORD (printed by mitra demo)
base=$1; email=$2; pass=$3
jar=$(mktemp)
curl -s -c $jar -H 'content-type: application/json' -d "{\"email\":\"$email\",\"password\":\"$pass\"}" $base/api/session > /dev/null
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]*1000}'; }
for q in "healthz" "api/organisations?name=kopi" "api/organisations?name=angkola" "api/organisations?name=sidikalang" "api/organisations?product=kopi" "api/organisations?product=andaliman" "api/organisations?name=ko" "api/organisations?regency=1275"; do
  for i in 1 2 3 4 5 6 7 8 9; do curl -s -b $jar -o /dev/null -w '%{time_total}\n' "$base/$q"; done | med | xargs printf "%-40s %8.1f ms\n" "$q"
done
rm -f $jar
