package io.capsulemq.bench.load;

import java.io.PrintStream;

/**
 * One status line rewritten in place while a run goes on: a carriage return and the new text. (A progress-bar
 * library would give nothing a time-bounded run needs beyond this.)
 */
final class ProgressLine {

    private final PrintStream out;
    private int lastLength;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    void show(String text) {
        String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
        out.print("\r" + padded);
        out.flush();
        lastLength = text.length();
    }

    void finish() {
        out.println();
    }
}
