# One image for the API (which also serves the web app), the worker and the CLI.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false ONNXRUNTIME_NODE_INSTALL=skip PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/var/lib/prospect
RUN useradd --system --home /var/lib/prospect prospect && mkdir -p /var/lib/prospect && chown prospect /var/lib/prospect
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
USER prospect
EXPOSE 3000
# @medplum (the FHIR sandbox and validator) expects a global WebSocket, behind a flag on Node 20.
CMD ["node", "--experimental-websocket", "dist/apps/api/main.js"]
