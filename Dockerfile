# The ipstream application: one image for every role (streams, forecasting, load, ...); the command
# picks the role. Built from source, tests skipped (CI runs them); the runtime image has only a JRE.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl serves the containers' health checks.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/ipstream --create-home ipstream
WORKDIR /opt/ipstream
# A thin jar: its manifest's Class-Path names the dependencies in lib/ beside it.
COPY --from=build /src/app/target/ipstream.jar ./ipstream.jar
COPY --from=build /src/app/target/lib ./lib
COPY topics.yaml ip-partition-map.csv ./
COPY data ./data
# Relative paths (data/logs.csv, topics.yaml) resolve here, as they do next to ./ipstream in a checkout.
ENV IPSTREAM_HOME=/opt/ipstream \
    IPSTREAM_STATE_DIR=/var/lib/ipstream/streams
USER ipstream
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/ipstream/ipstream.jar"]
CMD ["--help"]
