# stripe-sql gateway image.
#   docker build -t stripesql .
#   docker run --rm -p 127.0.0.1:8765:8765 stripesql --demo           # seeded emulator, no account
#   docker run --rm -p 127.0.0.1:8765:8765 -v "$PWD/conf:/config:ro" -e STRIPE_API_KEY=sk_... \
#       stripesql --users /config/users.properties --tls-terminated-by-proxy   # a TLS proxy in front
# Publish on loopback only; logins off loopback need TLS (docs/deployment.md, Docker).
# Clients: jdbc:avatica:remote:url=http://localhost:8765;serialization=protobuf

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/stripesql --shell /usr/sbin/nologin stripesql
WORKDIR /opt/stripesql
# The launcher finds the jars under cli/target and, with no mvn and no sources here, never builds.
COPY --from=build /src/bin/ bin/
COPY --from=build /src/model/ model/
COPY --from=build /src/cli/target/stripesql-cli-*.jar cli/target/
COPY --from=build /src/cli/target/lib/ cli/target/lib/
COPY --from=build /src/cli/target/sqlline-lib/ cli/target/sqlline-lib/
COPY --from=build /src/driver/target/stripesql-driver-*.jar driver/target/
RUN rm -f cli/target/*-sources.jar cli/target/*-tests.jar && chmod 755 bin/stripesql
USER stripesql
EXPOSE 8765
ENTRYPOINT ["bin/stripesql", "serve", "--host", "0.0.0.0"]
CMD []
