# stripesync developer tasks. `make help` lists them.
# Tests need PostgreSQL: scripts/with-postgres.sh uses the server at
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)
# or starts a throwaway cluster from local binaries.

GO          ?= go
TESTTIMEOUT ?= 20m
GENERATED   := generated migrations erd openapi

.DEFAULT_GOAL := help
.PHONY: help generate check-generated test bench fuzz erd-serve build vet fmt-check

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

generate: ## regenerate generated/, migrations/, erd/ from the pinned spec
	$(GO) run ./cmd/stripegen generate

check-generated: ## fail if generated files are stale or uncommitted
	$(GO) run ./cmd/stripegen generate --check
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
		git status --porcelain -- $(GENERATED); \
		echo "check-generated: generated files differ from git: run 'make generate' and commit"; \
		exit 1; \
	fi

test: ## go test ./... against PostgreSQL
	scripts/with-postgres.sh $(GO) test -count=1 -timeout $(TESTTIMEOUT) ./...

bench: ## benchmarks (go test -bench) against PostgreSQL
	scripts/with-postgres.sh $(GO) test -run '^$$' -bench . -benchmem ./...

FUZZTIME ?= 60s
fuzz: ## fuzz the generated decoders and the list scanner (FUZZTIME each, default 60s)
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./internal/syncdb/
	$(GO) test -run '^$$' -fuzz FuzzSplitList -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./runtime/stripeclient/

erd-serve: ## browse erd/ at http://127.0.0.1:8080
	python3 -m http.server 8080 --bind 127.0.0.1 --directory erd

build: ## go build ./...
	$(GO) build ./...

vet: ## go vet ./...
	$(GO) vet ./...

fmt-check: ## fail if any Go file is not gofmt-formatted
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "$$out"; echo "fmt-check: run gofmt -w on the files above"; exit 1; fi
