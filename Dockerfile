# A minimal dbplan image: the static binary on distroless (CA certificates
# and time zones, no shell, a non-root user).
#
#   docker build --build-arg VERSION=v1.2.3 -t dbplan:v1.2.3 .
#   docker run --rm -v "$PWD:/work" -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY dbplan:v1.2.3 plan db
#
# The binary is built with the flags of scripts/release, so with the same
# Go release it is the released binary, byte for byte. Multi-platform
# builds (docker buildx --platform linux/amd64,linux/arm64) cross-compile
# on the build machine instead of emulating the target.

FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN CGO_ENABLED=0 GOTOOLCHAIN=local GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false -ldflags "-s -w -buildid= -X main.version=${VERSION}" \
    -o /out/dbplan ./cmd/dbplan

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dbplan /usr/local/bin/dbplan
WORKDIR /work
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/dbplan"]
CMD ["help"]
