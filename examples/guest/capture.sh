#!/bin/sh
# Runs every guest program under QEMU and records its exact UART output (<name>.out) and exit status
# (<name>.status) as test fixtures in ../src/test/resources/guest/. Tests never run QEMU: they compare
# with these files. The command for each program is exactly:
#
#   timeout 120 qemu-system-riscv64 -M virt -cpu rv64,c=off -bios none -kernel <name>.elf -nographic </dev/null
#
# -cpu rv64,c=off: QEMU's default rv64 CPU has the C extension, so a jump to an address that is 2 mod 4
# does not trap there; addrspace's hart is RV64IM without C, and so is the CPU of the fixtures.
#
#   ./capture.sh                  capture every program (QEMU 7.2 from Debian's qemu-system-misc)
#   ./capture.sh traps            capture only the programs named
#   CHECK_DEFAULT_CPU=1 ./capture.sh
#                                 write nothing: run each program with the default CPU (-cpu rv64, with C)
#                                 and report which programs' output or status differ from the fixtures
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ELF_DIR=$HERE/../src/main/resources/dev/addrspace/examples/guest
OUT=$HERE/../src/test/resources/guest
QEMU=${QEMU:-qemu-system-riscv64}
PROGRAMS=${*:-"hello traps rv64im memkern remap"}

run() { # run ELF CPU: prints the UART output, returns QEMU's exit status
    timeout 120 "$QEMU" -M virt -cpu "$2" -bios none -kernel "$1" -nographic </dev/null
}

if [ "${CHECK_DEFAULT_CPU:-0}" = 1 ]; then
    for p in $PROGRAMS; do
        set +e
        run "$ELF_DIR/$p.elf" rv64 > "/tmp/guest-$p.default.out"
        status=$?
        set -e
        if cmp -s "/tmp/guest-$p.default.out" "$OUT/$p.out" && [ "$status" = "$(cat "$OUT/$p.status")" ]; then
            echo "$p: same with -cpu rv64"
        else
            echo "$p: DIFFERS with -cpu rv64 (status $status; output in /tmp/guest-$p.default.out)"
        fi
    done
    exit 0
fi

mkdir -p "$OUT"
"$QEMU" --version | head -n 1 > "$OUT/qemu-version.txt"
for p in $PROGRAMS; do
    set +e
    run "$ELF_DIR/$p.elf" rv64,c=off > "$OUT/$p.out"
    status=$?
    set -e
    echo "$status" > "$OUT/$p.status"
    echo "$p: exit status $status, $(wc -c < "$OUT/$p.out") bytes of output"
done
