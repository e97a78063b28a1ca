#!/usr/bin/env bash
# A development certificate authority for the silo network and one certificate per host it signs, for Orleans' mutual
# TLS between silos (Allocation:SiloTls). Kept in .dev/silo-tls (git-ignored); private keys mode 0600. Not for
# production: there, a certificate authority of the operator's issues the hosts' certificates.
#   scripts/silo-certificate.sh [NAME [IP...]]   the authority (once) and NAME's certificate (default: silo) valid for
#                                               the IPs given (default 127.0.0.1); prints the host settings that use it
# Copy the authority's certificate (ca.pem, not ca.key) and a host's .pem and .key to that host. Every silo trusts any
# certificate the same authority signed; names and addresses in it are not checked (silos connect by IP).
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${ALLOCATION_SILO_TLS_DIR:-.dev/silo-tls}"
name="${1:-silo}"
shift || true
addresses=("$@")
[[ ${#addresses[@]} -gt 0 ]] || addresses=(127.0.0.1)
validity_days=825

say() { printf 'silo-certificate.sh: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[[ "${name}" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || fail "NAME must be 1 to 64 of A-Z a-z 0-9 . _ -"
for address in "${addresses[@]}"; do
  [[ "${address}" =~ ^[0-9A-Fa-f.:]+$ ]] || fail "not an IP address: ${address}"
done
command -v openssl >/dev/null || fail "needs openssl (apt-get install openssl)"

mkdir -p "${dir}"
chmod 700 "${dir}"
umask 077

if [[ ! -s "${dir}/ca.key" || ! -s "${dir}/ca.pem" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "${validity_days}" \
    -subj "/CN=Allocation silo development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "${dir}/ca.key" -out "${dir}/ca.pem" 2>/dev/null
  chmod 644 "${dir}/ca.pem"
  say "made the development authority ${dir}/ca.pem"
fi

san="$(printf 'IP:%s,' "${addresses[@]}")"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=${name}" \
  -keyout "${dir}/${name}.key" -out "${dir}/${name}.csr" 2>/dev/null
# Both usages: a silo is the server of the connections it accepts and the client of those it opens.
openssl x509 -req -in "${dir}/${name}.csr" -CA "${dir}/ca.pem" -CAkey "${dir}/ca.key" -CAcreateserial \
  -days "${validity_days}" -out "${dir}/${name}.pem" -extfile <(printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=${san%,}") 2>/dev/null
rm -f "${dir}/${name}.csr"
chmod 644 "${dir}/${name}.pem"
say "made ${dir}/${name}.pem for ${addresses[*]}"

full="$(cd "${dir}" && pwd)"
printf '%s\n' \
  "--Allocation:SiloTls:CertificatePath=${full}/${name}.pem" \
  "--Allocation:SiloTls:KeyPath=${full}/${name}.key" \
  "--Allocation:SiloTls:AuthorityPath=${full}/ca.pem"
