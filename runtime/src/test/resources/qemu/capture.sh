#!/bin/sh
# Regenerates the `info mtree` fixtures in this directory from the QEMU binaries
# installed on this machine (Debian 12 packages qemu-system-arm and qemu-system-x86,
# QEMU 7.2). It builds nothing and downloads nothing; it only runs the installed
# emulators, paused (-S), with no display, and records what their monitor prints.
#
# Usage: ./capture.sh [machine-id ...]    (default: every machine listed below)
#
# For each machine it writes <machine-id>/mtree.txt, mtree-f.txt, mtree-D.txt,
# mtree-f-D.txt (only when it differs from mtree-f.txt) and, for the machines
# marked below, mtree-f-d.txt. Each file is exactly the command's output: the
# monitor banner, the "(qemu) " prompts, the echoed command line with its terminal
# escape sequences, and the CR of each CRLF are removed. Requires sh, perl, timeout
# and setarch (util-linux).
#
# QEMU prints the address-space groups and the FlatViews in GHashTable order, and
# those tables hash pointers, so the order changes from run to run with address
# space layout randomisation. The emulator is therefore run under `setarch -R`
# (no ASLR), which makes the output repeatable on a given machine and build.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
common="-S -display none -monitor stdio -serial none -nodefaults"

# machine-id | dispatch dump (yes/no) | emulator and machine options
machines='
aarch64-virt|yes|qemu-system-aarch64 -M virt -cpu cortex-a57
aarch64-virt-secure-mte|no|qemu-system-aarch64 -M virt,secure=on,mte=on -cpu max -smp 2
aarch64-raspi3b|no|qemu-system-aarch64 -M raspi3b
arm-vexpress-a9|no|qemu-system-arm -M vexpress-a9
x86_64-pc|yes|qemu-system-x86_64 -M pc
x86_64-q35|no|qemu-system-x86_64 -M q35
x86_64-pc-smp2|no|qemu-system-x86_64 -M pc -smp 2
x86_64-isapc|no|qemu-system-x86_64 -M isapc
x86_64-microvm|no|qemu-system-x86_64 -M microvm
'

# Splits the raw monitor transcript ($1) into one file per command.
# Arguments after $2 (the output directory) are "file-name=command" pairs, in the
# order the commands were sent.
split_transcript() {
    perl "$here/split-transcript.pl" "$@"
}

capture() {
    id=$1 dispatch=$2; shift 2
    dir="$here/$id"
    mkdir -p "$dir"
    raw=$(mktemp)
    cmds='info mtree
info mtree -f
info mtree -D
info mtree -f -D'
    pairs='mtree.txt=info mtree|mtree-f.txt=info mtree -f|mtree-D.txt=info mtree -D|mtree-f-D.txt=info mtree -f -D'
    if [ "$dispatch" = yes ]; then
        cmds="$cmds
info mtree -f -d"
        pairs="$pairs|mtree-f-d.txt=info mtree -f -d"
    fi
    # shellcheck disable=SC2086
    printf '%s\nquit\n' "$cmds" | timeout 120 setarch "$(uname -m)" -R "$@" $common >"$raw" 2>"$raw.err" || {
        echo "$id: failed to run: $*" >&2; cat "$raw.err" >&2; rm -f "$raw" "$raw.err"; return 1; }
    old_ifs=$IFS; IFS='|'
    # shellcheck disable=SC2086
    set -- $pairs
    IFS=$old_ifs
    split_transcript "$raw" "$dir" "$@"
    rm -f "$raw" "$raw.err"
    if cmp -s "$dir/mtree-f.txt" "$dir/mtree-f-D.txt"; then rm -f "$dir/mtree-f-D.txt"; fi
    echo "$id: $(cat "$dir"/*.txt | wc -l) lines"
}

want=" ${*:-} "
echo "$machines" | while IFS='|' read -r id dispatch cmd; do
    [ -n "$id" ] || continue
    case "$want" in "  "|*" $id "*) ;; *) continue ;; esac
    # shellcheck disable=SC2086
    capture "$id" "$dispatch" $cmd
done
