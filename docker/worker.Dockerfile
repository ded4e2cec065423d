# A GPU evaluation worker: the command line with the CUDA 12.8 build of libtorch that DJL's PyTorch engine loads
# instead of the CPU one the build bundles. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t lacuna-worker .
# DJL runs offline in the image (-Dai.djl.offline=true): libtorch and DJL's JNI for it are baked in at the paths
# DJL looks in (PYTORCH_LIBRARY_PATH; the JNI under ENGINE_CACHE_DIR), so nothing is downloaded at run time.

ARG PYTORCH_VERSION=2.7.1
ARG PYTORCH_FLAVOR=cu128

FROM eclipse-temurin:17-jdk-jammy AS build
ARG PYTORCH_VERSION
ARG PYTORCH_FLAVOR
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp package -DskipTests -pl src/cli -am \
 && mkdir /app \
 && cp -r --parents lacuna docker/*.sh src/cli/target/lacuna-cli.jar src/cli/target/lib src/cli/target/reference /app/
# libtorch from PyTorch's release (the DJL JNI of the same version is built against it); the JNI comes from the
# pytorch-jni JAR the build already resolved, which carries one per flavour; only shared libraries are kept, since
# DJL loads every file of that folder
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL -o /tmp/libtorch.zip \
      "https://download.pytorch.org/libtorch/${PYTORCH_FLAVOR}/libtorch-cxx11-abi-shared-with-deps-${PYTORCH_VERSION}%2B${PYTORCH_FLAVOR}.zip" \
 && unzip -q /tmp/libtorch.zip -d /tmp \
 && native="/opt/djl/pytorch/${PYTORCH_VERSION}-${PYTORCH_FLAVOR}-linux-x86_64" \
 && mkdir -p "$native" \
 && mv /tmp/libtorch/lib/*.so* "$native/" \
 && djl="$(ls /app/src/cli/target/lib/pytorch-jni-*.jar | sed -e 's/.*pytorch-jni-[^-]*-\(.*\)\.jar/\1/')" \
 && unzip -p /app/src/cli/target/lib/pytorch-jni-*.jar "jnilib/linux-x86_64/${PYTORCH_FLAVOR}/libdjl_torch.so" \
      > "$native/${djl}-libdjl_torch.so" \
 && test -s "$native/libtorch.so" && test -s "$native/${djl}-libdjl_torch.so" \
 && rm -rf /tmp/libtorch /tmp/libtorch.zip

FROM nvidia/cuda:12.8.1-runtime-ubuntu22.04
ARG PYTORCH_VERSION
ARG PYTORCH_FLAVOR
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless bubblewrap util-linux \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/lacuna --create-home lacuna
COPY --from=build /app /opt/lacuna
COPY --from=build /opt/djl /opt/djl
ENV LACUNA_HOME=/var/lib/lacuna \
    ENGINE_CACHE_DIR=/opt/djl \
    PYTORCH_LIBRARY_PATH=/opt/djl/pytorch/${PYTORCH_VERSION}-${PYTORCH_FLAVOR}-linux-x86_64 \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=${PYTORCH_FLAVOR}
USER lacuna
WORKDIR /var/lib/lacuna
VOLUME /var/lib/lacuna
ENTRYPOINT ["/opt/lacuna/docker/worker-entrypoint.sh"]
