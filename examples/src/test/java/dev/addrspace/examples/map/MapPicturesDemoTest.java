package dev.addrspace.examples.map;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.MemorySystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Writes the pictures to {@code target/map-pictures} so that a person can look at them. */
class MapPicturesDemoTest {

    @Test
    void writesPicturesToLookAt() throws Exception {
        Path dir = Path.of("target", "map-pictures");
        Files.createDirectories(dir);
        write(dir, "x86-pc", Machines.x86Pc());
        write(dir, "arm-virt-secure-mte", Machines.armVirtSecureMte());
        for (String m : new String[] {"x86_64-pc", "aarch64-virt-secure-mte", "aarch64-virt", "x86_64-q35",
                "aarch64-raspi3b", "arm-vexpress-a9", "x86_64-microvm"}) {
            write(dir, "qemu-" + m, Machines.rebuilt(m));
        }
        assertTrue(Files.size(dir.resolve("x86-pc.svg")) > 0);
    }

    private static void write(Path dir, String name, MemorySystem sys) throws Exception {
        MemoryMap map = MemoryMap.of("memory map: " + name, sys);
        Files.writeString(dir.resolve(name + ".svg"), MapRenderer.svg(map), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".html"), MapRenderer.html(map), StandardCharsets.UTF_8);
    }
}
