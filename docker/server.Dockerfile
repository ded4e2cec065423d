# The Lacuna Bench server, which also serves as the CPU worker image (compose.yml runs it with
# docker/worker-entrypoint.sh). Build from the repository root:
#   docker build -f docker/server.Dockerfile -t lacuna-server .
# The application is laid out as a checkout under /opt/lacuna, so the image runs the same ./lacuna commands the
# tests drive. PostgreSQL comes from the environment (QUARKUS_DATASOURCE_JDBC_URL, _USERNAME, _PASSWORD).

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp package -DskipTests \
 && mkdir /app \
 && cp -r --parents lacuna docker/*.sh leaderboard src/server/target/quarkus-app src/cli/target/lacuna-cli.jar \
      src/cli/target/lib src/cli/target/reference submissions/*/target/*.jar /app/

FROM eclipse-temurin:17-jre-jammy
# bubblewrap and util-linux (prlimit, setpriv) run every plugin job in the sandbox (docs/sandbox.md)
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap util-linux \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/lacuna --create-home lacuna \
 && install -d -o lacuna -g lacuna -m 700 /run/lacuna-token
COPY --from=build /app /opt/lacuna
ENV LACUNA_HOME=/var/lib/lacuna \
    LACUNA_LOCAL_WORKER=false
USER lacuna
WORKDIR /var/lib/lacuna
VOLUME /var/lib/lacuna
EXPOSE 8080
ENTRYPOINT ["/opt/lacuna/docker/server-entrypoint.sh"]
