#!/usr/bin/env bash
# Development credentials for the demo tenant, one API key per role, made once per clone and kept in
# .dev/credentials.env (git-ignored; delete it for new keys). Prints the host settings that configure them: only the
# SHA-256 of each key reaches the service, as for every key it stores.
#   scripts/dev-credentials.sh settings   -> --Allocation:Access:Keys:... arguments, one per line
#   scripts/dev-credentials.sh show       -> the keys, ready to export
set -euo pipefail
cd "$(dirname "$0")/.."

file=.dev/credentials.env
tenant="${ALLOCATION_DEMO_TENANT:-default}"
store_ids="S001,S002"

random_secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

if [[ ! -f "${file}" ]]; then
  mkdir -p .dev
  umask 077
  {
    echo "ALLOCATION_ADMIN_KEY=alk.${tenant}.dev-admin.$(random_secret)"
    echo "ALLOCATION_CHECKOUT_KEY=alk.${tenant}.dev-checkout.$(random_secret)"
    echo "ALLOCATION_STORE_KEY=alk.${tenant}.dev-store.$(random_secret)"
    echo "ALLOCATION_STORE_KEY_STORES=${store_ids}"
  } > "${file}"
fi
# shellcheck disable=SC1090
source "${file}"
# The operator key (metrics and dashboard, no tenant's data): added to credential files made before it existed.
if [[ -z "${ALLOCATION_OPERATOR_KEY:-}" ]]; then
  ALLOCATION_OPERATOR_KEY="alk.operators.dev-operator.$(random_secret)"
  (umask 077; echo "ALLOCATION_OPERATOR_KEY=${ALLOCATION_OPERATOR_KEY}" >> "${file}")
fi

digest() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

settings() {
  local index=0 name role key
  for entry in "dev-admin admin ${ALLOCATION_ADMIN_KEY}" "dev-checkout checkout ${ALLOCATION_CHECKOUT_KEY}" "dev-store store ${ALLOCATION_STORE_KEY}"; do
    read -r name role key <<< "${entry}"
    echo "--Allocation:Access:Keys:${index}:Name=${name}"
    echo "--Allocation:Access:Keys:${index}:TenantId=${tenant}"
    echo "--Allocation:Access:Keys:${index}:Role=${role}"
    echo "--Allocation:Access:Keys:${index}:KeySha256=$(digest "${key}")"
    if [[ "${role}" == store ]]; then
      local store_index=0
      IFS=',' read -ra stores <<< "${ALLOCATION_STORE_KEY_STORES}"
      for store in "${stores[@]}"; do
        echo "--Allocation:Access:Keys:${index}:StoreIds:${store_index}=${store}"
        store_index=$((store_index + 1))
      done
    fi
    index=$((index + 1))
  done
  echo "--Allocation:Access:OperatorKeys:0:Name=dev-operator"
  echo "--Allocation:Access:OperatorKeys:0:KeySha256=$(digest "${ALLOCATION_OPERATOR_KEY}")"
}

case "${1:-show}" in
  settings) settings ;;
  show)
    echo "# Development credentials (tenant ${tenant}); paste into your shell:"
    echo "export ALLOCATION_ADMIN_KEY=${ALLOCATION_ADMIN_KEY}        # admin: network, catalogue, keys, re-optimisation"
    echo "export ALLOCATION_CHECKOUT_KEY=${ALLOCATION_CHECKOUT_KEY}  # checkout: reserve, confirm, release, promise"
    echo "export ALLOCATION_STORE_KEY=${ALLOCATION_STORE_KEY}        # store staff of ${ALLOCATION_STORE_KEY_STORES}"
    echo "export ALLOCATION_OPERATOR_KEY=${ALLOCATION_OPERATOR_KEY}  # operator: /metrics and /dashboard only"
    ;;
  *) echo "usage: $0 [settings|show]" >&2; exit 2 ;;
esac
