package dev.addrspace.mtree;

/**
 * Thrown by {@link MtreeDump#parse(String)} and {@link MtreeDump#parse(java.io.Reader)} when a line of
 * the text is not in the form QEMU's {@code info mtree} prints. The message names the 1-based line
 * number, what was expected there and the offending text, for example
 * {@code line 7: expected a region line "<start>-<end> (prio <n>, <type>): <name>": "  0000-ffff (prio 0, i/o): io"}.
 */
public final class MtreeFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line number, or 0 for the end of the text. */
    private final int lineNumber;
    /** The offending line, or empty at the end of the text. */
    private final String lineText;

    /**
     * Creates the exception for one line.
     *
     * @param lineNumber the 1-based line number, or 0 when the problem is the end of the text
     * @param lineText the line as read, without its line terminator (empty at the end of the text)
     * @param problem what was wrong or expected, without the line number
     */
    public MtreeFormatException(int lineNumber, String lineText, String problem) {
        super(message(lineNumber, lineText, problem));
        this.lineNumber = lineNumber;
        this.lineText = lineText;
    }

    private static String message(int lineNumber, String lineText, String problem) {
        String where = lineNumber > 0 ? "line " + lineNumber : "end of text";
        if (lineText.isEmpty()) {
            return where + ": " + problem;
        }
        return where + ": " + problem + ": \"" + lineText + "\"";
    }

    /**
     * Returns the line the problem was found on.
     *
     * @return the 1-based line number, or 0 if the text ended too early
     */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * Returns the offending line.
     *
     * @return the text of the line, without its terminator and trailing white space; empty at the end
     *     of the text
     */
    public String lineText() {
        return lineText;
    }
}
