# Conveniences; the scripts they call are the source of truth.
.PHONY: test release

# The CI run: gofmt, go vet, go test -race, short fuzz runs, release builds.
test:
	.ci/run

# Release binaries for every platform and their checksums in dist/VERSION:
#   make release VERSION=v1.2.3
release:
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=v1.2.3" >&2; exit 1; }
	scripts/release "$(VERSION)"
