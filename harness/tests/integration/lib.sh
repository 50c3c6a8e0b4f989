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
	trap 'pxl_drop_tmp $?' EXIT
}

# pxl_drop_tmp STATUS - remove $T; when STATUS says the check failed (not 0,
# not 77), first keep its files under 50 MB (logs, reports, captures; not
# disk images) in reports/tests/failed/NAME/, so that a failure seen once on
# a busy machine can be diagnosed after the fact instead of being lost.
pxl_drop_tmp() {
	local rc=$1 keep
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -d "${T:-}" ]; then
		keep=$PXL_ROOT/reports/tests/failed/$(basename "$0")
		rm -rf "$keep" && mkdir -p "$keep" &&
			(cd "$T" && find . -type f -size -50M -exec cp --parents -p {} "$keep/" \; 2>/dev/null)
		echo "kept the failed check's files in $keep" >&2
	fi
	rm -rf "$T"
}

# own_session PID - wait until PID (started as `setsid CMD &`) leads its own
# session, print that session id; empty after 10 s.  `setsid` calls setsid()
# and execs only after the shell has forked it, so reading `ps -o sid=` at
# once can see the shell's session on a busy machine.  10 s is the margin for
# a loaded 2-core machine: the exec takes milliseconds when idle.
own_session() {
	local pid=$1 i sid
	for i in $(seq 1 200); do
		sid=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')
		[ "$sid" = "$pid" ] && { echo "$sid"; return 0; }
		[ -z "$sid" ] && return 1
		sleep 0.05
	done
	return 1
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
