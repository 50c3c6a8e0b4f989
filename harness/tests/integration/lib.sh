# lib.sh - shared helpers of the integration checks (sourced, not run)
#
# Every check: exit 0 pass, 77 skip (say why on the last line), else fail.

set -uo pipefail
PXL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$PXL_ROOT" || exit 1
PXELAB=${PXELAB:-$PXL_ROOT/pxelab}

# fail MESSAGE - print and exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# pxl_tmpdir - a private temp dir removed on exit; sets $T
pxl_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/pxelab-test-XXXXXX")
	trap 'rm -rf "$T"' EXIT
}

# pcap_dhcp_ack PCAP - true if a DHCP ACK crossed the LAN
pcap_dhcp_ack() {
	[ "$(tshark -r "$1" -Y 'dhcp.option.dhcp == 5' 2>/dev/null | wc -l)" -ge 1 ]
}

# pcap_malformed PCAP - number of frames tshark calls malformed
pcap_malformed() {
	tshark -r "$1" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | wc -l
}

# pcap_tftp_complete PCAP FILE - true if a TFTP read of FILE completed:
# the last DATA block (shorter than the agreed block size) was acknowledged
pcap_tftp_complete() {
	local pcap=$1 file=$2
	tshark -r "$pcap" -Y tftp -T fields -e udp.srcport -e udp.dstport -e tftp.opcode \
		-e tftp.source_file -e tftp.block -e udp.length -e tftp.option.name -e tftp.option.value 2>/dev/null |
	awk -v want="$file" -F'\t' '
		$3 == 1 && $4 == want { client[$1] = 1; blk[$1] = 512; next }
		$3 == 6 && (($2) in client) {          # OACK: agreed block size
			n = split($7, names, ","); split($8, vals, ",")
			for (i = 1; i <= n; i++) if (names[i] == "blksize") blk[$2] = vals[i]
			next }
		$3 == 3 && (($2) in client) && ($6 - 12) < blk[$2] { last[$2] = $5; next }
		$3 == 4 && (($1) in last) && $5 == last[$1] { done = 1 }
		END { exit done ? 0 : 1 }'
}
