#!/bin/sh
# Captures `info mtree -D` and `info mtree -f` of every machine type that the installed
# qemu-system-aarch64, qemu-system-x86_64 and qemu-system-riscv64 list in `-M help`
# (Debian 12 packages qemu-system-arm, qemu-system-x86 and qemu-system-misc, QEMU 7.2).
# It builds nothing and downloads nothing; it only runs the installed emulators, paused
# (-S), with no display, no default devices, and records what their monitor prints.
#
# Usage: ./capture.sh [arch ...]     (arch: aarch64, x86_64, riscv64; default: all three)
#
# For each machine that starts it writes <arch>/<machine>/mtree-D.txt and mtree-f.txt,
# each exactly the command's output: the monitor banner, the "(qemu) " prompts, the echoed
# command line with its terminal escape sequences, and the CR of each CRLF are removed
# (the same form as the fixtures in ../qemu/). Machine types listed as "(alias of X)"
# are the same machine as X and are not run again; versioned types are separate machines.
# A machine that does not start (QEMU exits, or no monitor output within the timeout) is
# listed in failed.txt with QEMU's first error line. machines.txt lists every captured
# <arch>/<machine>, one a line, in `-M help` order. Requires sh, perl, timeout, setarch.
#
# QEMU prints address-space groups and FlatViews in GHashTable order keyed by pointers;
# `setarch -R` (no ASLR) makes that order repeatable for a given build (see ../qemu/README.md).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
common="-S -nodefaults -display none -monitor stdio"
limit=${CAPTURE_TIMEOUT:-20}

# Splits the raw monitor transcript ($1) into mtree-D.txt and mtree-f.txt in $2.
split_transcript() {
    perl "$here/../qemu/split-transcript.pl" "$1" "$2" "mtree-D.txt=info mtree -D" "mtree-f.txt=info mtree -f"
}

# The machine names of `-M help`, aliases ("(alias of X)") left out.
machines_of() {
    "$1" -M help | awk 'NR > 1 && $0 !~ /\(alias of / { print $1 }'
}

# capture ARCH MACHINE: writes the two files, or appends a line to failed.txt.
capture() {
    arch=$1 machine=$2
    bin=qemu-system-$arch
    dir="$here/$arch/$machine"
    raw=$(mktemp)
    # shellcheck disable=SC2086
    if printf 'info mtree -D\ninfo mtree -f\nquit\n' \
            | timeout "$limit" setarch "$(uname -m)" -R "$bin" -M "$machine" $common >"$raw" 2>"$raw.err" \
            && mkdir -p "$dir" && split_transcript "$raw" "$dir" 2>>"$raw.err"; then
        echo "$arch/$machine" >>"$here/machines.txt"
        echo "$arch/$machine: $(cat "$dir"/*.txt | wc -l) lines" >&2
    else
        rc=$?
        rm -rf "$dir"
        # QEMU's error line: the first line that is not a warning (nor a sound-library message).
        reason=$(grep -v -e '^ALSA' -e '^$' -e 'warning:' "$raw.err" | head -n 1)
        [ -n "$reason" ] || reason=$(grep -v -e '^ALSA' -e '^$' "$raw.err" | head -n 1)
        [ -n "$reason" ] || reason="no monitor output (exit status $rc, timeout ${limit}s)"
        printf '%s/%s\t%s\n' "$arch" "$machine" "$reason" >>"$here/failed.txt"
        echo "$arch/$machine: FAILED: $reason" >&2
    fi
    rm -f "$raw" "$raw.err"
}

archs=${*:-"aarch64 x86_64 riscv64"}
for arch in $archs; do
    rm -rf "${here:?}/$arch"
    for f in machines.txt failed.txt; do
        if [ -f "$here/$f" ]; then
            grep -v "^$arch/" "$here/$f" >"$here/$f.tmp" || true
            mv "$here/$f.tmp" "$here/$f"
        fi
    done
    for machine in $(machines_of "qemu-system-$arch"); do
        capture "$arch" "$machine"
    done
done
