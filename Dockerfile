# One image for the API (which serves the console) and the worker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false
RUN npx nx run-many -t build --projects=api,worker,console --outputStyle=static

# The console alone, for serving it apart from the API (nginx proxies /api and /socket.io to the api service).
FROM nginx:1.27-alpine AS console
COPY tools/docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist/apps/console/browser /usr/share/nginx/html

FROM node:20-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
RUN npm prune --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
RUN mkdir -p data/exports && chown -R node:node data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
