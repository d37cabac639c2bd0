package dev.opendrive.searchindexer;

import java.util.function.LongSupplier;

import org.apache.tika.exception.WriteLimitReachedException;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Receives the XHTML that a Tika parser emits and keeps its text in a {@link TextSink}: the body
 * only (the {@code <head>} that Tika fills from the document's metadata is left out), white space
 * collapsed. Element boundaries are no word breaks by themselves: Tika writes a new line after each
 * block element, so {@code He<b>llo</b>} stays one word. When the sink is full, the handler stops
 * the parser with Tika's {@link WriteLimitReachedException}, which every parser lets through; the
 * limit counts the characters that are indexed, so the white space Tika adds between blocks does
 * not use it up (as Tika's own {@code WriteOutContentHandler} limit would).
 * <p>
 * With a time budget, the start of each PDF page after the first ({@code <div class="page">}, as
 * Tika's PDF parser writes it) checks the time spent so far and stops the parser with
 * {@link OutOfTime} once it is over: the check runs between pages, so a single page can overrun it.
 */
final class SinkHandler extends DefaultHandler {

    /** Stops a PDF parser between pages: the pages read so far are kept. */
    static final class OutOfTime extends SAXException {
        OutOfTime() {
            super("time budget spent");
        }
    }

    private final TextSink sink;
    private final LongSupplier clock;
    private final long started;
    private final long budgetNanos;
    private int headDepth;
    private int pages;
    private boolean outOfTime;

    private SinkHandler(TextSink sink, LongSupplier clock, long budgetNanos) {
        this.sink = sink;
        this.clock = clock;
        this.started = clock == null ? 0 : clock.getAsLong();
        this.budgetNanos = budgetNanos;
    }

    /** No time budget. */
    static SinkHandler of(TextSink sink) {
        return new SinkHandler(sink, null, 0);
    }

    /** For PDFs: reads the clock now, and again at the start of each page after the first. */
    static SinkHandler withPageBudget(TextSink sink, LongSupplier clock, long budgetNanos) {
        return new SinkHandler(sink, clock, budgetNanos);
    }

    boolean outOfTime() {
        return outOfTime;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        String name = localName.isEmpty() ? qName : localName;
        if ("head".equals(name)) {
            headDepth++;
        } else if (clock != null && headDepth == 0 && "div".equals(name) && "page".equals(atts.getValue("class"))) {
            if (++pages > 1 && clock.getAsLong() - started > budgetNanos) {
                outOfTime = true;
                throw new OutOfTime();
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        if ("head".equals(name) && headDepth > 0) {
            headDepth--;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (headDepth > 0) {
            return;
        }
        for (int i = start, end = start + length; i < end; i++) {
            sink.append(ch[i]);
            if (sink.full()) {
                throw new WriteLimitReachedException(sink.maxChars());
            }
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        if (headDepth == 0) {
            sink.space();
        }
    }
}
