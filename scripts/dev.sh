#!/usr/bin/env bash
# `npm run dev`: one command from a fresh clone to a running stampede with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "stampede needs Node 20 or newer" >&2; exit 1; }
[ -d node_modules ] || npm install --no-audit --no-fund

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 5432 || ! up 6379 || ! up 4222; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    echo "starting Postgres, Redis and NATS with docker compose"
    docker compose up -d --wait postgres redis nats
  else
    echo "Postgres (5432), Redis (6379) and NATS with JetStream (4222) must answer on 127.0.0.1," >&2
    echo "or Docker must be available so docker compose can start them." >&2
    exit 1
  fi
fi

npm run build --silent
node dist/scripts/seed.js
echo "Sign in as ${ADMIN_EMAIL:-admin@stampede.local} / ${ADMIN_PASSWORD:-admin-password} (signIn mutation) for admin mutations."
exec node dist/src/main.js
