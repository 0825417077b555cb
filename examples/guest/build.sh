#!/bin/sh
# Rebuilds every guest program with Debian's riscv64-unknown-elf-gcc (package gcc-riscv64-unknown-elf)
# and writes the ELF files to the examples module's resources, where the CLI and the tests load them.
# The build is reproducible: the same flags every time, source paths mapped to "guest/", no build id,
# no debug info, no dates. Freestanding: no C library, no libgcc (the link fails if anything needs them).
#
#   ./build.sh              rebuild into ../src/main/resources/dev/addrspace/examples/guest/
#   MEASURE=1 ./build.sh    build variants into $OUT (default /tmp/guest-measure) that print minstret
#                           at exit; run them under QEMU with -icount shift=0 to count instructions.
#                           These are never committed: their output differs from the fixtures.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-riscv64-unknown-elf-gcc}
OBJDUMP=${OBJDUMP:-riscv64-unknown-elf-objdump}
PROGRAMS=${PROGRAMS:-"hello traps rv64im memkern remap"}

if [ "${MEASURE:-0}" = 1 ]; then
    OUT=${OUT:-/tmp/guest-measure}
    EXTRA=-DGUEST_PRINT_INSTRET
else
    OUT=$HERE/../src/main/resources/dev/addrspace/examples/guest
    EXTRA=
fi
mkdir -p "$OUT"

# rv64im plus the CSR and fence.i instructions; no C (compressed) and no A, F, D.
ARCH="-march=rv64im_zicsr_zifencei -mabi=lp64 -mcmodel=medany"
CFLAGS="$ARCH -O2 -g0 -ffreestanding -nostdlib -nostartfiles -fno-builtin -fno-common
 -fno-tree-loop-distribute-patterns -fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables
 -fno-unwind-tables -Wall -Wextra -Werror -ffile-prefix-map=$HERE=guest -Icommon $EXTRA"
LDFLAGS="-static -Wl,--build-id=none -Wl,-T,common/link.ld -Wl,--no-warn-rwx-segments"
RUNTIME="common/start.S common/runtime.c"

cd "$HERE"
for p in $PROGRAMS; do
    case $p in
        hello) SRC="hello/hello.S" ;;   # self-contained: its own _start, no runtime
        *) SRC="$RUNTIME $(ls $p/*.c $p/*.S 2>/dev/null | tr '\n' ' ')" ;;
    esac
    # shellcheck disable=SC2086
    $CC $CFLAGS $LDFLAGS -o "$OUT/$p.elf" $SRC
    # No compressed instruction may slip in: every instruction must be 4 bytes.
    if $OBJDUMP -d "$OUT/$p.elf" | awk -F'\t' '/^ *[0-9a-f]+:\t/ { if (length($2) < 9) bad = 1 } END { exit !bad }'; then
        echo "$p: compressed instruction found" >&2
        exit 1
    fi
    echo "$p.elf $(wc -c < "$OUT/$p.elf") bytes"
done
