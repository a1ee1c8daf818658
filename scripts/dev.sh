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
# Pretty logs for a person at a terminal (LOG_FORMAT=json for JSON lines).
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
node dist/scripts/dev-check.js
node dist/scripts/seed.js

# Helpers in the background, each in its own process group so one kill stops it with its children.
helpers=()
stop_helpers() { for pid in "${helpers[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap stop_helpers EXIT
# Paid orders are exported to the data platform: without a stand-in listening, every paid order
# would log its retries and then an error.
if ! up "${MOCK_DATA_PLATFORM_PORT:-4100}"; then
  setsid node -r ./test/support/swc-register.js scripts/mock-data-platform.ts >/dev/null &
  helpers+=($!)
fi
# Delivery orders are paid by card through the gateway: its stand-in, unless one is listening.
if ! up "${MOCK_PAYMENT_GATEWAY_PORT:-4200}"; then
  setsid node -r ./test/support/swc-register.js scripts/mock-payment-gateway.ts >/dev/null &
  helpers+=($!)
fi
# The storefront on its own origin, so it calls the API through CORS as a real one would.
api_port="${PORT:-4000}"
web_port="${WEB_PORT:-3300}"
VITE_STAMPEDE_URL="http://localhost:${api_port}/graphql" setsid npm run dev --silent -w @stampede/web -- --port "$web_port" >/dev/null 2>&1 &
helpers+=($!)

echo "API and GraphiQL: http://localhost:${api_port}/graphql    storefront: http://localhost:${web_port}/"
echo "Sign in as ${ADMIN_EMAIL:-admin@stampede.local} / ${ADMIN_PASSWORD:-admin-password} (signIn mutation) for admin mutations."
node dist/src/main.js
