# Build: the same Maven build the README runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY runtime runtime
COPY plugin-verticles plugin-verticles
COPY manifests manifests
COPY conf conf
RUN mvn -B -q -DskipTests package

# Run: a Java 17 JRE (and python3 for process plugins), a non-root user, the runtime jar + its libraries, the bundled manifests and plugin jars.
FROM eclipse-temurin:17-jre
# bubblewrap sandboxes process plugins where the container may make namespaces (else they run as ordinary
# processes with a minimal environment, and the runtime says so once)
RUN useradd --system --uid 10001 --home-dir /opt/dhii dhii \
 && apt-get update -qq && apt-get install -y -qq --no-install-recommends curl python3 bubblewrap && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/dhii
COPY --from=build /src/runtime/kernel/target/dhii-runtime.jar lib/dhii-runtime.jar
COPY --from=build /src/runtime/kernel/target/lib/ lib/
COPY --from=build /src/manifests/ manifests/
COPY --from=build /src/conf/ conf/
# the Python SDK of process plugins (python3 above runs them)
COPY --from=build /src/runtime/sdk-python/ runtime/sdk-python/
# Node.js process plugins: node and the Node SDK (an entrypoint ending .js, .cjs or .mjs)
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/runtime/sdk-node/ runtime/sdk-node/
RUN mkdir -p plugins data && chown -R dhii /opt/dhii/plugins /opt/dhii/data && chmod 700 /opt/dhii/data \
 && printf '#!/bin/sh\nexec java $DHII_HEAP_OPTS $DHII_JAVA_OPTS -Ddhii.home=/opt/dhii -cp "/opt/dhii/lib/*" dev.dhii.runtime.cli.Main "$@"\n' \
    > /usr/local/bin/dhii && chmod 755 /usr/local/bin/dhii
USER dhii
# the data directory holds the plugins' data and, with no auth.jwt key configured, the JWT secret the first
# start generates (data/jwt-secret, mode 0600): keep it on a volume so tokens survive a new container.
# Mint an admin token with: docker exec CONTAINER dhii token --role admin
VOLUME ["/opt/dhii/data"]
# In a container the bridges listen on every interface; publish only what you need.
ENV DHII_HTTP_HOST=0.0.0.0 DHII_TCP_BRIDGE_HOST=0.0.0.0
EXPOSE 8080 7000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD curl -fs http://127.0.0.1:8080/health/live || exit 1
# the same JVM bounds as ./dhii (README, "Measured"); override DHII_HEAP_OPTS / DHII_JAVA_OPTS at run time
ENV DHII_HEAP_OPTS="-Xms32m -Xmx128m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m" DHII_JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java -XX:-DontCompileHugeMethods $DHII_HEAP_OPTS $DHII_JAVA_OPTS -Ddhii.home=/opt/dhii -cp '/opt/dhii/lib/*' dev.dhii.runtime.cli.Main \"$@\"", "dhii"]
CMD ["serve"]
