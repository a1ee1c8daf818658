FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm workspaces (client/, web/): their package.json must be there for the install.
COPY client/package.json client/
COPY web/package.json web/
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
