# One image for every Security Insights process; the command picks the role:
#   node dist/apps/api/main.js        the REST API
#   node dist/apps/worker/main.js     a worker (WORKER_LANES=scheduler|fast|slow, any subset)
#   node dist/apps/cli/main.js …      the operator CLI (migrate, seed, scheduler, keys, check)
#   node dist/apps/bench/main.js …    the benchmarks (persist, schedule, lanes, e2e, api)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY workflows workflows
COPY activities activities
COPY libs libs
RUN npx tsc -p tsconfig.build.json
# The workflow bundle workers load (they refuse to start without it; see libs/worker/prebuilt-bundle.ts).
RUN node dist/apps/worker/build-bundle.js

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
# Migrations are read at start-up from libs/db/migrations.
COPY libs/db/migrations libs/db/migrations
# The dashboard's static files are served as they are.
COPY apps/api/dashboard/public apps/api/dashboard/public
USER node
CMD ["node", "dist/apps/api/main.js"]
