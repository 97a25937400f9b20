#!/usr/bin/env bash
# The end-to-end check of the CI stack (Pulumi.ci.yaml) on kind, run by .github/workflows/e2e.yml.
#   smoke.sh            after `pulumi up`: every workload rolled out, an Ingress answers through Traefik with a
#                       cert-manager certificate, the CNPG database accepts a connection, Prometheus scrapes.
#   smoke.sh --destroyed after `pulumi destroy`: the platform's namespaces and volumes are gone.
# tests/e2e.test.ts keeps ADDONS and NAMESPACES equal to what the CI stack's plan installs.
set -euo pipefail

ADDONS="certManager cloudnativePg metricsServer monitoring traefik"
NAMESPACES="cert-manager cnpg-system metrics-server monitoring postgres traefik"
GRAFANA_HOST="grafana.e2e.groundwork.test"
DATABASE="smoke"

log() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

rolled_out() {
    local ns kind name
    for ns in $NAMESPACES; do
        for kind in deployment statefulset daemonset; do
            for name in $(kubectl -n "$ns" get "$kind" -o name); do
                kubectl -n "$ns" rollout status "$name" --timeout=300s >/dev/null || fail "$ns/$name did not roll out"
            done
        done
    done
    log "every Deployment, StatefulSet and DaemonSet in: $NAMESPACES"
}

ingress_with_certificate() {
    local code issuer
    kubectl wait --for=condition=Ready certificate --all --all-namespaces --timeout=300s >/dev/null || fail "a Certificate is not Ready"
    code=$(curl -sk -o /dev/null -w '%{http_code}' --resolve "$GRAFANA_HOST:443:127.0.0.1" "https://$GRAFANA_HOST/api/health")
    [ "$code" = 200 ] || fail "https://$GRAFANA_HOST/api/health through Traefik answered $code"
    issuer=$(echo | openssl s_client -connect 127.0.0.1:443 -servername "$GRAFANA_HOST" 2>/dev/null | openssl x509 -noout -issuer)
    case "$issuer" in
        *TRAEFIK*) fail "Traefik served its default certificate ($issuer), not the cert-manager one" ;;
    esac
    log "https://$GRAFANA_HOST answers 200 with a certificate from $issuer"
}

database_connection() {
    local pod
    pod=$(kubectl -n postgres get pod -l cnpg.io/instanceRole=primary -o jsonpath='{.items[0].metadata.name}')
    [ -n "$pod" ] || fail "no CloudNativePG primary in namespace postgres"
    kubectl -n postgres exec "$pod" -c postgres -- psql -d "$DATABASE" -tAc 'select 1' | grep -qx 1 || fail "database $DATABASE refused a query"
    log "database $DATABASE on $pod accepts a connection"
}

metrics_scraped() {
    local service up pid
    service=$(kubectl -n monitoring get svc -l app=kube-prometheus-stack-prometheus -o jsonpath='{.items[0].metadata.name}')
    [ -n "$service" ] || fail "no Prometheus Service in namespace monitoring"
    kubectl -n monitoring port-forward "svc/$service" 19090:9090 >/dev/null 2>&1 &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' RETURN
    for _ in $(seq 1 30); do
        up=$(curl -s 'http://127.0.0.1:19090/api/v1/query?query=count(up==1)' | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
        [ "${up:-0}" -ge 5 ] && break
        sleep 10
    done
    [ "${up:-0}" -ge 5 ] || fail "Prometheus scrapes ${up:-0} healthy targets, expected at least 5"
    log "Prometheus scrapes $up healthy targets"
}

nothing_left() {
    local ns left=""
    for ns in $NAMESPACES; do
        kubectl wait --for=delete "namespace/$ns" --timeout=300s >/dev/null 2>&1 || true
        kubectl get namespace "$ns" >/dev/null 2>&1 && left="$left $ns"
    done
    [ -z "$left" ] || fail "namespaces left after destroy:$left"
    [ -z "$(kubectl get pv -o name)" ] || fail "persistent volumes left after destroy: $(kubectl get pv -o name | tr '\n' ' ')"
    log "no namespace or volume of the platform is left"
}

case "${1:-}" in
    --destroyed) nothing_left ;;
    "")
        log "addons: $ADDONS"
        rolled_out
        ingress_with_certificate
        database_connection
        metrics_scraped
        ;;
    *) fail "usage: smoke.sh [--destroyed]" ;;
esac
