package dev.lacuna.worker.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A classic-BPF seccomp program that lets a JVM start threads but not processes: {@code fork}, {@code vfork}
 * and {@code clone} without {@code CLONE_THREAD} fail with EPERM, {@code clone3} with ENOSYS (so the C
 * library falls back to {@code clone} for threads, which the filter can inspect), {@code ptrace} with EPERM;
 * a system call of another architecture or of the x32 ABI kills the process. bubblewrap installs it
 * ({@code --seccomp FD}) just before it starts the JVM, so it binds plugin code and everything it could
 * start from there. The program is written here as bytes because the JDK has no seccomp API and the
 * project takes no native library for twenty instructions.
 */
final class SeccompFilter {

    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;

    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int CLONE_THREAD = 0x00010000;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    /** A system call number no architecture uses: stands in for fork/vfork where they do not exist. */
    private static final int NONE = 0x3fffffff;

    private SeccompFilter() {
    }

    /** System call numbers of one architecture. */
    private record Arch(int audit, int fork, int vfork, int cloneNr, int clone3, int ptrace) {
    }

    /** The program for this JVM's architecture (x86_64 or aarch64). */
    static byte[] program() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        Arch a = switch (arch) {
            case "amd64", "x86_64" -> new Arch(0xC000003E, 57, 58, 56, 435, 101);
            case "aarch64" -> new Arch(0xC00000B7, NONE, NONE, 220, 435, 117);
            default -> throw new IllegalStateException("the sandbox's seccomp filter knows x86_64 and aarch64, not " + arch);
        };
        int[][] p = {
            {LD_W_ABS, 0, 0, 4},                     // 0: A = arch
            {JEQ_K, 1, 0, a.audit},                  // 1: our architecture? to 3
            {RET_K, 0, 0, RET_KILL_PROCESS},         // 2
            {LD_W_ABS, 0, 0, 0},                     // 3: A = syscall number
            {JGE_K, 8, 0, X32_SYSCALL_BIT},          // 4: x32 ABI -> deny (13)
            {JEQ_K, 7, 0, a.fork},                   // 5: -> deny
            {JEQ_K, 6, 0, a.vfork},                  // 6: -> deny
            {JEQ_K, 5, 0, a.ptrace},                 // 7: -> deny
            {JEQ_K, 5, 0, a.clone3},                 // 8: -> enosys (14)
            {JEQ_K, 0, 2, a.cloneNr},                  // 9: clone? to 10, else allow (12)
            {LD_W_ABS, 0, 0, 16},                    // 10: A = low word of the clone flags
            {JSET_K, 0, 1, CLONE_THREAD},            // 11: a thread -> allow, else deny
            {RET_K, 0, 0, RET_ALLOW},                // 12
            {RET_K, 0, 0, RET_ERRNO | EPERM},        // 13
            {RET_K, 0, 0, RET_ERRNO | ENOSYS},       // 14
        };
        ByteBuffer out = ByteBuffer.allocate(p.length * 8).order(ByteOrder.nativeOrder());
        for (int[] i : p) {
            out.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        }
        return out.array();
    }
}
