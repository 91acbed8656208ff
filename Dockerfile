# syntax=docker/dockerfile:1
#
# The tspipe image: one jar, every role. TSPIPE_ROLES picks what a container runs (generator, worker, indexer, web,
# or all); every config key a.bB is the environment variable TSPIPE_A_B_B (see tspipe-defaults.json).
#
#   docker build -t tspipe:local .
#   docker run --rm tspipe:local help
#
# The build stage packages the shaded jar with Maven (JDK 17) and bundles the dashboard with npm (Node 20); the
# local engines module is built but its engine download is skipped (-Dengines.fetch.skip=true), and no test runs.
# The ipdb stage fetches the IP intelligence database the worker and the indexer read (tools/fetch-engines --only
# ipdb: npm pack of the pinned @ip-location-db packages, every file sha256-checked; CC BY 4.0, RouteViews, DB-IP.com
# and NRO, licence files included). The runtime stage holds the JRE, curl (for health checks), the jar, the database
# in /app/ipdb (TSPIPE_IP_INTELLIGENCE_DIR) and tools/docker-entrypoint, as a non-root user.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

FROM ${NODE_IMAGE} AS node

FROM ${NODE_IMAGE} AS ipdb
WORKDIR /src
COPY tools/fetch-engines tools/fetch-engines
RUN --mount=type=cache,target=/root/.npm \
    TSPIPE_ENGINES_DIR=/engines tools/fetch-engines --only ipdb \
 && rm -f /engines/ipdb/*.verified

FROM ${BUILD_IMAGE} AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version && mvn --version
WORKDIR /src
COPY pom.xml ./
COPY engines/ engines/
COPY verticles/ verticles/
COPY bench/ bench/
COPY schemas/ schemas/
COPY clickhouse/ clickhouse/
COPY webroot/ webroot/
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    mvn -B -ntp -DskipTests -Dengines.fetch.skip=true package \
 && test -s verticles/target/tspipe.jar

FROM ${RUNTIME_IMAGE}
# curl answers the compose health checks; the JRE images stopped promising it
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 tspipe \
 && useradd --system --uid 10001 --gid tspipe --home-dir /app --no-create-home --shell /usr/sbin/nologin tspipe \
 && mkdir -p /app \
 && chown tspipe:tspipe /app
WORKDIR /app
COPY --from=build /src/verticles/target/tspipe.jar /app/tspipe.jar
COPY --from=ipdb /engines/ipdb /app/ipdb
COPY rules/ /app/rules/
COPY --chmod=0755 tools/docker-entrypoint /usr/local/bin/tspipe-entrypoint
ENV TSPIPE_JAR=/app/tspipe.jar \
    TSPIPE_IP_INTELLIGENCE_DIR=/app/ipdb \
    TSPIPE_DETECTOR_RULES_DIR=/app/rules \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER tspipe:tspipe
# 3000: the web role's API and dashboard; 9464: Prometheus metrics of every role
EXPOSE 3000 9464
ENTRYPOINT ["/usr/local/bin/tspipe-entrypoint"]
